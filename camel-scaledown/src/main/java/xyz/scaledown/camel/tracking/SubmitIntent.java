package xyz.scaledown.camel.tracking;

import java.time.Instant;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * What {@code scaledown:submit} records before its POST, so that a batch sent again (the aggregator's recovery after
 * a crash, an error handler's redelivery) is never created twice by accident.
 *
 * @param key         the exchange id of the exchange that carries the batch; recovery sends it again under the same id
 * @param fingerprint SHA-256 (hex) of the request lines, so the same exchange with other content is a new batch;
 *                    taken as the POST writes them, so null until the API answered
 * @param itemCount   how many items the batch holds
 * @param recordedAt  when the intent was recorded
 * @param submission  the API's answer once the POST succeeded; null while the outcome is unknown
 * @param tracked     whether the submitted batch was handed to the tracker (a crash may fall between the two)
 */
public record SubmitIntent(String key, String fingerprint, int itemCount, Instant recordedAt,
        BatchSubmission submission, boolean tracked) {

    public SubmitIntent {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a submit intent needs a key");
        }
    }

    /** True once the API answered with a batch id. */
    public boolean submitted() {
        return submission != null;
    }

    /**
     * Whether a batch with this content is the one the intent was recorded for. An intent whose POST got no answer
     * has no fingerprint, and stands for whatever comes back under its key: that batch may exist.
     */
    public boolean isFor(String contentFingerprint) {
        return fingerprint == null || fingerprint.equals(contentFingerprint);
    }

    /** A new intent: nothing sent yet. */
    public static SubmitIntent before(String key, int itemCount) {
        return new SubmitIntent(key, null, itemCount, Instant.now(), null, false);
    }

    /** The intent once the API answered the POST of the content with this fingerprint. */
    public SubmitIntent withSubmission(String sentFingerprint, BatchSubmission answer) {
        return new SubmitIntent(key, sentFingerprint, itemCount, recordedAt, answer, tracked);
    }

    public SubmitIntent asTracked() {
        return new SubmitIntent(key, fingerprint, itemCount, recordedAt, submission, true);
    }
}
