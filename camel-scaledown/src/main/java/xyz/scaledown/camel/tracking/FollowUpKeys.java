package xyz.scaledown.camel.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchBody;

/**
 * What a tracked item of a follow-up batch keeps in its correlation map beside the route's headers: the batch it came
 * from and its attempt. The entries under {@link #PREFIX} are never set as headers. The request line a follow-up sends
 * again is a field of the item's record ({@link BatchTracker#requestLine}), see {@link #requestLines}.
 */
public final class FollowUpKeys {

    public static final String PREFIX = "scaledown.";
    public static final String PREVIOUS_BATCH = PREFIX + "previousBatchId";

    private FollowUpKeys() {
    }

    public static boolean isInternal(String key) {
        return key.startsWith(PREFIX);
    }

    /** The item's attempt: 1 unless it was kept for a follow-up batch. */
    public static int attempt(Map<String, Object> correlation) {
        Object attempt = correlation.get(ScaleDownConstants.ATTEMPT);
        return attempt instanceof Number n ? n.intValue() : attempt == null ? 1 : Integer.parseInt(attempt.toString());
    }

    /** The body's request lines without their newlines. */
    public static List<String> requestLines(BatchBody body) {
        List<String> lines = new ArrayList<>(body.itemCount());
        try {
            body.forEachLine(line -> lines.add(new String(line, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the request lines of the batch", e);
        }
        return lines;
    }
}
