package xyz.scaledown.camel.tracking;

import java.util.List;
import java.util.Map;

/**
 * Where submitted batches, and the headers to give back to each item's result, live until every result item went
 * through the route. The results consumer polls {@link #pending()}.
 */
public interface BatchTracker {

    /**
     * Registers a submitted batch.
     *
     * @param correlations custom_id -> headers to restore on that item's result (items without any may be absent)
     * @throws IllegalStateException when the batch id is already tracked
     */
    void track(TrackedBatch batch, Map<String, Map<String, Object>> correlations);

    /** Every tracked batch (metadata only, no correlations). */
    List<TrackedBatch> pending();

    /** The headers kept for one item, or an empty map. */
    Map<String, Object> correlation(String batchId, String customId);

    /** Lets a store load one batch's correlations while its results are emitted. */
    default void openCorrelations(String batchId) {
    }

    /** Releases what {@link #openCorrelations(String)} loaded. */
    default void closeCorrelations(String batchId) {
    }

    /** Records that {@code deliveredItems} result items went through the route; a lower count than known is ignored. */
    void recordProgress(String batchId, long deliveredItems);

    /** Records the last status seen for the batch. */
    void markStatus(String batchId, String status);

    /** Forgets the batch: every one of its items went through the route. */
    void complete(String batchId);
}
