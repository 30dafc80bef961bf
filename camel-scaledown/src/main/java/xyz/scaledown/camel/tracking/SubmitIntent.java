package xyz.scaledown.camel.tracking;

import java.time.Instant;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The submit side of a batch's record in the tracker's store: what {@code scaledown:submit} writes before its POST, so
 * that a batch sent again (the aggregator's recovery after a crash, an error handler's redelivery, a file or JMS
 * message consumed again under a new exchange id) is never created twice by accident.
 *
 * @param key         the submit key: the batch's content fingerprint (SHA-256 over its request lines), or the
 *                    {@code CamelScaleDownSubmitKey} header
 * @param fingerprint SHA-256 (hex) of the request lines the POST sent; null until the API answered
 * @param itemCount   how many items the batch holds
 * @param recordedAt  when the record entered its state; a key is kept for {@code submitKeyRetention} from then
 * @param submission  the API's answer once the POST succeeded; null while the outcome is unknown
 * @param state       the record's state
 */
public record SubmitIntent(String key, String fingerprint, int itemCount, Instant recordedAt,
        BatchSubmission submission, BatchState state) {

    public SubmitIntent {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a submit intent needs a key");
        }
    }

    /** True once the API answered with a batch id. */
    public boolean submitted() {
        return submission != null;
    }

    /** True once the submitted batch was handed to the results side (or needed not be). */
    public boolean tracked() {
        return state == BatchState.SUBMITTED || state == BatchState.DELIVERED;
    }

    /** A new intent: nothing sent yet. */
    public static SubmitIntent before(String key, int itemCount) {
        return new SubmitIntent(key, null, itemCount, Instant.now(), null, BatchState.POSTING);
    }

    // the transitions every store applies to its record: each one stamps the time the record entered its state

    /** {@link BatchState#POSTING} to {@link BatchState#ANSWERED}: the API's answer to the POST. */
    SubmitIntent answered(String sentFingerprint, BatchSubmission answer) {
        return new SubmitIntent(key, sentFingerprint, itemCount, Instant.now(), answer, BatchState.ANSWERED);
    }

    /** To {@link BatchState#SUBMITTED}: tracked as {@code batch} (its answer, when none was recorded). */
    SubmitIntent trackedAs(TrackedBatch batch) {
        BatchSubmission answer = submission != null ? submission
                : new BatchSubmission(batch.batchId(), batch.lastStatus(), batch.totalCount());
        return new SubmitIntent(key, fingerprint, itemCount, Instant.now(), answer, BatchState.SUBMITTED);
    }

    /** To {@link BatchState#DELIVERED}: only the key (and the answer) is kept, until the retention ran out. */
    SubmitIntent keyOnly() {
        return new SubmitIntent(key, fingerprint, itemCount, Instant.now(), submission, BatchState.DELIVERED);
    }
}
