package xyz.scaledown.camel.batching;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import xyz.scaledown.camel.client.BatchBody;
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
 * <p>
 * The items live in a {@link BatchContent}: in heap by default, or, when the batch comes from a
 * {@code ScaleDownAggregationRepository}, in the repository, with only counts in heap; submit streams them with
 * {@link #body()}.
 * <p>
 * Each batch has a {@linkplain #customIdKey() key}, drawn when it starts and kept with it, from which the items that
 * come without a custom_id get theirs ({@link CustomIds}).
 */
public final class ScaleDownBatch implements Serializable {

    private static final long serialVersionUID = 2L;

    private final BatchContent content;
    /** Not final: a batch serialized by an earlier version has none and gets one when first asked. */
    private String customIdKey;

    public ScaleDownBatch() {
        this(new HeapBatchContent());
    }

    public ScaleDownBatch(BatchContent content) {
        this(content, null);
    }

    /** @param customIdKey the batch's key as stored with it, or null for a new one */
    public ScaleDownBatch(BatchContent content, String customIdKey) {
        this.content = Objects.requireNonNull(content, "content");
        this.customIdKey = customIdKey == null ? CustomIds.newBatchKey() : customIdKey;
    }

    /** The key unique to this batch in the custom_ids generated for its items, see {@link CustomIds}. */
    public String customIdKey() {
        if (customIdKey == null) {
            customIdKey = CustomIds.newBatchKey();
        }
        return customIdKey;
    }

    /**
     * Adds one item.
     *
     * @param correlation the headers to give back with this item's result; empty or null when there are none
     * @param bytes       the item's estimated request line size
     * @throws IllegalArgumentException when the item has no custom_id or its custom_id is already in the batch
     */
    public void add(BatchItem item, Map<String, Object> correlation, long bytes) {
        addAll(List.of(item), correlation == null ? Map.of() : Map.of(item.customId(), correlation), List.of(bytes));
    }

    /**
     * Adds the items that came together, all or none: when one of them lacks a custom_id or repeats one already in
     * the batch (or among them), nothing is added.
     *
     * @param correlations custom_id -> the headers to give back with that item's result
     * @param itemBytes    each item's estimated request line size, in the order of {@code newItems}
     */
    public void addAll(List<BatchItem> newItems, Map<String, Map<String, Object>> correlations, List<Long> itemBytes) {
        addAll(newItems, correlations, itemBytes, null);
    }

    /**
     * As {@link #addAll(List, Map, List)}; {@code requestLines}, when not null, are the items' request lines already
     * written for a content that {@linkplain BatchContent#keepsRequestLines keeps them}.
     */
    void addAll(List<BatchItem> newItems, Map<String, Map<String, Object>> correlations, List<Long> itemBytes,
            List<byte[]> requestLines) {
        Set<String> incoming = new HashSet<>();
        for (BatchItem item : newItems) {
            String customId = item.customId();
            if (customId == null) {
                throw new IllegalArgumentException("an item of a batch needs a custom_id");
            }
            if (!incoming.add(customId) || content.containsCustomId(customId)) {
                throw new IllegalArgumentException("duplicate custom_id '" + customId
                        + "': already in this batch; custom ids must be unique within a batch");
            }
        }
        Map<String, Map<String, Object>> kept = new LinkedHashMap<>();
        for (BatchItem item : newItems) {
            Map<String, Object> correlation = correlations.get(item.customId());
            if (correlation != null && !correlation.isEmpty()) {
                kept.put(item.customId(), Collections.unmodifiableMap(new LinkedHashMap<>(correlation)));
            }
        }
        if (requestLines != null) {
            content.appendWritten(newItems, kept, requestLines);
        } else {
            content.append(newItems, kept, itemBytes);
        }
    }

    /** The items in arrival order; for a batch kept in a repository they are read back, see {@link #body()}. */
    public List<BatchItem> items() {
        return content.items();
    }

    /** custom_id -> kept headers, only for items that had any of the correlation headers. */
    public Map<String, Map<String, Object>> correlations() {
        return content.correlations();
    }

    /** What submit sends: the items' request lines, streamed from where they live. */
    public BatchBody body() {
        return content.body();
    }

    /** Where the items live. */
    public BatchContent content() {
        return content;
    }

    public long estimatedBytes() {
        return content.estimatedBytes();
    }

    public int size() {
        return content.size();
    }

    public boolean isEmpty() {
        return content.size() == 0;
    }

    @Override
    public String toString() {
        return "ScaleDownBatch[items=" + size() + ", estimatedBytes=" + estimatedBytes() + "]";
    }
}
