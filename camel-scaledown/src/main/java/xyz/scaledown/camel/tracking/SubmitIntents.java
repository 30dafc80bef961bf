package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The submit side of the batch records ({@link SubmitIntent}, {@link BatchState}): one record per batch, written before
 * its POST, so no batch is created twice by accident, and tracked in place by {@link BatchTracker#trackSubmitted}.
 * Thread-safe.
 */
public interface SubmitIntents {

    /**
     * The batch's record, {@link BatchState#POSTING}, with one item per custom_id in order; replaces an earlier record
     * under the key that is not tracked. Durable when it returns: when it throws, submit sends nothing.
     *
     * @param requestLines null, or the items' request lines (without the newline) for a follow-up batch
     *                     ({@link BatchTracker#requestLine})
     */
    void record(SubmitIntent intent, List<String> customIds, List<String> requestLines);

    default void record(SubmitIntent intent, List<String> customIds) {
        record(intent, customIds, null);
    }

    /**
     * Instead of {@link #record} when {@code body} reads a batch this very store holds (a {@link StoredBatchBody} of a
     * completed aggregation record): that record becomes the intent in place, no item written again. False, nothing
     * changed, for any other body.
     */
    default boolean adopt(SubmitIntent intent, BatchBody body) {
        return false;
    }

    Optional<SubmitIntent> find(String key);

    /** In order; empty when there is no record (or it was delivered). */
    List<String> customIds(String key);

    /** {@link BatchState#ANSWERED}: from now on the batch is not sent again under this key. */
    void recordSubmitted(String key, String fingerprint, BatchSubmission submission);

    /**
     * The answered batch needs nothing more of this record (not tracked, or tracked under another): only its key is
     * kept ({@link BatchState#DELIVERED}) until purged.
     */
    void recordTracked(String key);

    /** Forgets the key's {@link BatchState#POSTING} record: its POST certainly created nothing. */
    void forget(String key);

    /**
     * Forgets the records past {@code submitKeyRetention}: those that entered their state before {@code cutoff}, but
     * the {@link BatchState#SUBMITTED} ones (a tracked batch stays until delivered).
     */
    void purge(Instant cutoff);

    /**
     * Runs the billable POST of the intent under {@code key}. When it certainly created nothing (an error answer, a
     * retryable failure) the intent is forgotten, so the same content may be sent again; when its outcome is unknown
     * (cut off after sending) it is kept: the submit is uncertain.
     */
    default BatchSubmission postUnder(String key, Supplier<BatchSubmission> post) {
        try {
            return post.get();
        } catch (ScaleDownException e) {
            if (e.getStatusCode() != 0 || e.isRetryable()) {
                forget(key);
            }
            throw e;
        } catch (RuntimeException e) {
            forget(key);
            throw e;
        }
    }
}
