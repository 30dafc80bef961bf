package xyz.scaledown.camel.tracking;

import java.time.Instant;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * What {@code scaledown:submit} records before its POST, so that a batch sent again (the aggregator's recovery after
 * a crash, an error handler's redelivery) is never created twice by accident.
 *
 * @param key         the exchange id of the exchange that carries the batch; recovery sends it again under the same id
 * @param fingerprint SHA-256 (hex) of the request lines, so the same exchange with other content is a new batch
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

    /** A new intent: nothing sent yet. */
    public static SubmitIntent before(String key, String fingerprint, int itemCount) {
        return new SubmitIntent(key, fingerprint, itemCount, Instant.now(), null, false);
    }

    public SubmitIntent withSubmission(BatchSubmission answer) {
        return new SubmitIntent(key, fingerprint, itemCount, recordedAt, answer, tracked);
    }

    public SubmitIntent asTracked() {
        return new SubmitIntent(key, fingerprint, itemCount, recordedAt, submission, true);
    }
}
