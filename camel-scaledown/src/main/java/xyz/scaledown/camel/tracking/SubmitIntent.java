package xyz.scaledown.camel.tracking;

import java.time.Instant;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * What {@code scaledown:submit} records before its POST, so that a batch sent again (the aggregator's recovery after
 * a crash, an error handler's redelivery, a file or JMS message consumed again under a new exchange id) is never
 * created twice by accident.
 *
 * @param key         the submit key: the batch's content fingerprint (SHA-256 over its request lines), or the
 *                    {@code CamelScaleDownSubmitKey} header
 * @param fingerprint SHA-256 (hex) of the request lines the POST sent; null until the API answered
 * @param itemCount   how many items the batch holds
 * @param recordedAt  when the intent was last written: recorded, then answered; the key is kept for
 *                    {@code submitKeyRetention} from then
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
    public static SubmitIntent before(String key, int itemCount) {
        return new SubmitIntent(key, null, itemCount, Instant.now(), null, false);
    }

    /** The intent once the API answered the POST of the content with this fingerprint, answered now. */
    public SubmitIntent withSubmission(String sentFingerprint, BatchSubmission answer) {
        return new SubmitIntent(key, sentFingerprint, itemCount, Instant.now(), answer, tracked);
    }

    public SubmitIntent asTracked() {
        return new SubmitIntent(key, fingerprint, itemCount, recordedAt, submission, true);
    }
}
