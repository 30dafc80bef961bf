package xyz.scaledown.camel.batching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import xyz.scaledown.camel.model.BatchItem;

/**
 * The body the aggregation strategy builds and the submit operation sends: the items in arrival order, each with a
 * custom_id unique within the batch, and for each item that had any, the headers to restore on its result.
 * <p>
 * Mutable while aggregating; not thread-safe (Camel's aggregator serialises calls for one group).
 * <p>
 * Serializable (as are the items), so a persistent aggregation repository such as camel-sql's
 * {@code JdbcAggregationRepository} can store a batch and recover it after a crash; the correlation header values
 * must then be serializable too.
 */
public final class ScaleDownBatch implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final List<BatchItem> items = new ArrayList<>();
    private final Set<String> customIds = new HashSet<>();
    private final Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
    private long estimatedBytes;

    /**
     * @param correlation the headers to give back with this item's result; empty or null when there are none
     * @param bytes       the item's estimated request line size
     * @throws IllegalArgumentException when the item has no custom_id or its custom_id is already in the batch
     */
    public void add(BatchItem item, Map<String, Object> correlation, long bytes) {
        String customId = item.customId();
        if (customId == null) {
            throw new IllegalArgumentException("an item of a batch needs a custom_id");
        }
        if (!customIds.add(customId)) {
            throw new IllegalArgumentException("duplicate custom_id '" + customId + "': already in this batch");
        }
        items.add(item);
        if (correlation != null && !correlation.isEmpty()) {
            correlations.put(customId, Collections.unmodifiableMap(new LinkedHashMap<>(correlation)));
        }
        estimatedBytes += bytes;
    }

    public boolean containsCustomId(String customId) {
        return customIds.contains(customId);
    }

    public List<BatchItem> items() {
        return Collections.unmodifiableList(items);
    }

    /** custom_id -> kept headers, only for items that had any of the correlation headers. */
    public Map<String, Map<String, Object>> correlations() {
        return Collections.unmodifiableMap(correlations);
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public String toString() {
        return "ScaleDownBatch[items=" + items.size() + ", estimatedBytes=" + estimatedBytes + "]";
    }
}
