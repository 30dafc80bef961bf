package xyz.scaledown.camel.batching;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchItem;

/** The items of a batch held in heap; serializable, so camel-sql's JdbcAggregationRepository can store it whole. */
final class HeapBatchContent implements BatchContent, Serializable {

    private static final long serialVersionUID = 1L;

    private final List<BatchItem> items = new ArrayList<>();
    private final Set<String> customIds = new HashSet<>();
    private final Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
    private long estimatedBytes;

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public long estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public boolean containsCustomId(String customId) {
        return customIds.contains(customId);
    }

    @Override
    public void append(List<BatchItem> newItems, Map<String, Map<String, Object>> newCorrelations,
            List<Long> itemBytes) {
        for (int i = 0; i < newItems.size(); i++) {
            BatchItem item = newItems.get(i);
            items.add(item);
            customIds.add(item.customId());
            Map<String, Object> correlation = newCorrelations.get(item.customId());
            if (correlation != null) {
                correlations.put(item.customId(), correlation);
            }
            estimatedBytes += itemBytes.get(i);
        }
    }

    @Override
    public List<BatchItem> items() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public Map<String, Map<String, Object>> correlations() {
        return Collections.unmodifiableMap(correlations);
    }

    @Override
    public BatchBody body() {
        return BatchBody.validated(items);
    }
}
