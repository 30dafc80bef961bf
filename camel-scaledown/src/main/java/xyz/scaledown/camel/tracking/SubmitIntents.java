package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The submit intents of a tracker's store (see {@link SubmitIntent}). Thread-safe.
 */
public interface SubmitIntents {

    /**
     * Records, before the POST, that the batch {@code intent} describes is about to be sent, with its custom_ids in
     * order; replaces an earlier intent under the same key. Durable when it returns: when it throws, submit sends
     * nothing.
     */
    void record(SubmitIntent intent, List<String> customIds);

    /** The intent recorded under the key, or empty. */
    Optional<SubmitIntent> find(String key);

    /** The custom_ids recorded with the intent, in order; empty when there is none. */
    List<String> customIds(String key);

    /**
     * Records the API's answer to the intent's POST, with the fingerprint of what that POST sent: from now on the
     * batch is not sent again under this key.
     */
    void recordSubmitted(String key, String fingerprint, BatchSubmission submission);

    /**
     * Records that the submitted batch was handed to the tracker; its custom_ids are dropped (the tracker has them),
     * the key stays until purged.
     */
    void recordTracked(String key);

    /** Forgets the intent: its POST certainly created nothing. */
    void forget(String key);

    /**
     * Forgets every intent last written ({@link SubmitIntent#recordedAt()}) before {@code cutoff}: the keys past
     * {@code submitKeyRetention}, answered or not.
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
