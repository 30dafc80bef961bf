package xyz.scaledown.camel.tracking;

import java.time.Instant;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The submit side of a batch's record: what {@code scaledown:submit} writes before its POST, so that a batch sent again
 * (the aggregator's recovery after a crash, a redelivery, a file or JMS message consumed again under a new exchange
 * id) is never created twice by accident. The transitions are the ones the in-memory and directory stores apply.
 *
 * @param key         the submit key: the batch's content fingerprint (SHA-256 over its request lines), or the
 *                    {@code CamelScaleDownSubmitKey} header
 * @param fingerprint SHA-256 (hex) of the request lines the POST sent; null until the API answered
 * @param recordedAt  when the record entered its state; a key is kept for {@code submitKeyRetention} from then
 * @param submission  the API's answer once the POST succeeded; null while the outcome is unknown
 */
public record SubmitIntent(String key, String fingerprint, int itemCount, Instant recordedAt,
        BatchSubmission submission, BatchState state) {

    public SubmitIntent {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a submit intent needs a key");
        }
    }

    public boolean submitted() {
        return submission != null;
    }

    /** True once the submitted batch was handed to the results side (or needed not be). */
    public boolean tracked() {
        return state == BatchState.SUBMITTED || state == BatchState.DELIVERED;
    }

    public static SubmitIntent before(String key, int itemCount) {
        return new SubmitIntent(key, null, itemCount, Instant.now(), null, BatchState.POSTING);
    }

    SubmitIntent answered(String sentFingerprint, BatchSubmission answer) {
        return new SubmitIntent(key, sentFingerprint, itemCount, Instant.now(), answer, BatchState.ANSWERED);
    }

    /** Its answer made of {@code batch} when none was recorded. */
    SubmitIntent trackedAs(TrackedBatch batch) {
        BatchSubmission answer = submission != null ? submission
                : new BatchSubmission(batch.batchId(), batch.lastStatus(), batch.totalCount());
        return new SubmitIntent(key, fingerprint, itemCount, Instant.now(), answer, BatchState.SUBMITTED);
    }

    SubmitIntent keyOnly() {
        return new SubmitIntent(key, fingerprint, itemCount, Instant.now(), submission, BatchState.DELIVERED);
    }
}
