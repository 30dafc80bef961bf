package xyz.scaledown.camel.batching;

import java.util.List;
import java.util.Map;

import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Where the items of a {@link ScaleDownBatch} live: in heap ({@link HeapBatchContent}), or in an aggregation
 * repository that hands out a handle on the stored items. {@link ScaleDownBatch} keeps the rules (custom ids present
 * and unique, all or none); the content only stores.
 */
public interface BatchContent {

    int size();

    long estimatedBytes();

    boolean containsCustomId(String customId);

    /**
     * Appends items already checked by {@link ScaleDownBatch}.
     *
     * @param correlations custom_id -> the headers to give back with that item's result (only non-empty ones)
     * @param itemBytes    each item's estimated request line size
     */
    void append(List<BatchItem> items, Map<String, Map<String, Object>> correlations, List<Long> itemBytes);

    /** The items, in arrival order; a stored content reads them back, so prefer {@link #body()} for large batches. */
    List<BatchItem> items();

    /** custom_id -> kept headers, only for items that had any. */
    Map<String, Map<String, Object>> correlations();

    /** The submit body: the items' request lines, streamed. */
    BatchBody body();
}
