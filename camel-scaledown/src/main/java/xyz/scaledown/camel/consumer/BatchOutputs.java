package xyz.scaledown.camel.consumer;

import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.ScaleDownException;

/**
 * Opens a batch's output for the results consumer: one call, no retry sleeping the poll thread (a failure waits out
 * the batch's own back-off instead).
 */
final class BatchOutputs {

    static final int SHOWN_LINE_CHARS = 300;

    private BatchOutputs() {
    }

    /**
     * The output of a batch, or null when the batch ended early ({@code partial}) and the API has no output for it:
     * 404 or 410, or 409 (an API that refuses the output of a batch in that state): no partial results.
     */
    static BatchOutput open(ScaleDownClient client, String batchId, boolean partial) {
        try {
            return client.outputOnce(batchId);
        } catch (ScaleDownException e) {
            int code = e.getStatusCode();
            if (partial && (code == 404 || code == 409 || code == 410)) {
                return null;
            }
            throw e;
        }
    }

    /** A raw output line as it may be logged: the key masked, then cut to {@value #SHOWN_LINE_CHARS} characters. */
    static String shown(ScaleDownClient client, String rawLine) {
        if (rawLine == null) {
            return "(none)";
        }
        String masked = client.maskKey(rawLine);
        return masked.length() > SHOWN_LINE_CHARS ? masked.substring(0, SHOWN_LINE_CHARS) + "..." : masked;
    }
}
