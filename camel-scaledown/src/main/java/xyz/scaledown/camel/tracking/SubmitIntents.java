package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The submit side of the tracker's batch records (see {@link SubmitIntent}, {@link BatchState}): one record per batch,
 * written before its POST and tracked in place by {@link BatchTracker#trackSubmitted}. Thread-safe.
 */
public interface SubmitIntents {

    /**
     * Records, before the POST, that the batch {@code intent} describes is about to be sent: its record, state
     * {@link BatchState#POSTING}, with one item per custom_id in order (the items the batch is tracked with later);
     * replaces an earlier record under the same key that is not tracked. Durable when it returns: when it throws,
     * submit sends nothing. {@code requestLines}, when not null, are the items' request lines (without the newline),
     * kept with each item for a follow-up batch ({@link BatchTracker#requestLine}).
     */
    void record(SubmitIntent intent, List<String> customIds, List<String> requestLines);

    /** {@link #record(SubmitIntent, List, List)} without the items' request lines. */
    default void record(SubmitIntent intent, List<String> customIds) {
        record(intent, customIds, null);
    }

    /**
     * Instead of {@link #record}: when {@code body} reads a batch this very store holds (a {@link StoredBatchBody} of
     * a completed aggregation record), that record becomes the intent, {@link BatchState#POSTING} under
     * {@code intent.key()}, in place: no item is written again (each custom_id, request line and correlation was
     * written once, at the add). Replaces an earlier record under the key that is not tracked, as {@code record}
     * does. False, with nothing changed, for any other body: the caller then records the intent.
     */
    default boolean adopt(SubmitIntent intent, BatchBody body) {
        return false;
    }

    /** The intent recorded under the key, or empty. */
    Optional<SubmitIntent> find(String key);

    /** The custom_ids of the key's record, in order; empty when there is none (or it was delivered). */
    List<String> customIds(String key);

    /**
     * Records the API's answer to the intent's POST ({@link BatchState#ANSWERED}), with the fingerprint of what that
     * POST sent: from now on the batch is not sent again under this key.
     */
    void recordSubmitted(String key, String fingerprint, BatchSubmission submission);

    /**
     * Records that the answered batch needs nothing from the results side (it is not tracked): only its key is kept
     * ({@link BatchState#DELIVERED}) until purged.
     */
    void recordTracked(String key);

    /** Forgets the key's {@link BatchState#POSTING} record: its POST certainly created nothing. */
    void forget(String key);

    /**
     * Forgets every record not {@link BatchState#SUBMITTED} (a tracked batch stays until delivered) that entered its
     * state ({@link SubmitIntent#recordedAt()}) before {@code cutoff}: the keys past {@code submitKeyRetention}.
     */
    void purge(Instant cutoff);

    /**
     * Runs the billable POST of the intent recorded under {@code key}: when it certainly created nothing (the API
     * answered an error, or a retryable failure) the intent is forgotten, so the same content may be sent again; when
     * its outcome is unknown (cut off after sending) the intent is kept, and the submit is uncertain.
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
