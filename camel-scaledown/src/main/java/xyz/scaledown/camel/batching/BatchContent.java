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

    /**
     * Whether this content keeps each item's request line (a repository's store): then the strategy writes each line
     * once, takes its length as the item's size, and hands it over with {@link #appendWritten}.
     */
    default boolean keepsRequestLines() {
        return false;
    }

    /**
     * As {@link #append}, with each item's request line already written (UTF-8, newline included), sized by its
     * length.
     */
    default void appendWritten(List<BatchItem> items, Map<String, Map<String, Object>> correlations,
            List<byte[]> requestLines) {
        append(items, correlations, requestLines.stream().map(line -> (long) line.length).toList());
    }

    /** The items, in arrival order; a stored content reads them back, so prefer {@link #body()} for large batches. */
    List<BatchItem> items();

    /** custom_id -> kept headers, only for items that had any. */
    Map<String, Map<String, Object>> correlations();

    /** The submit body: the items' request lines, streamed. */
    BatchBody body();
}
