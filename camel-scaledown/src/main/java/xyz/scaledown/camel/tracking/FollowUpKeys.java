package xyz.scaledown.camel.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchBody;

/**
 * What a tracked item keeps, beside its correlation headers, so a follow-up batch can send it again: its request
 * line, and for an item of a follow-up the batch it came from and its attempt. Kept in the item's correlation map, so
 * every tracker stores them with the item, once; the entries under {@link #PREFIX} are never set as headers.
 */
public final class FollowUpKeys {

    /** Correlation entries under this prefix belong to the component, not to the route. */
    public static final String PREFIX = "scaledown.";
    /** The item's request line as submitted (one JSON line, without the newline). */
    public static final String REQUEST_LINE = PREFIX + "requestLine";
    /** For an item of a follow-up batch: the batch of its previous attempt. */
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

    /**
     * The correlations to track with a submitted batch, each item's request line added: the body is written once more
     * and cut at each newline, the i-th line belonging to the i-th custom_id.
     */
    public static Map<String, Map<String, Object>> withRequestLines(BatchBody body,
            Map<String, Map<String, Object>> correlations) {
        List<String> customIds = new ArrayList<>(body.itemCount());
        body.forEachCustomId(customIds::add);
        Map<String, Map<String, Object>> kept = new HashMap<>(correlations.size() * 2 + customIds.size());
        try (LineSplitter lines = new LineSplitter(line -> {
            String customId = customIds.get(kept.size());
            Map<String, Object> correlation = new LinkedHashMap<>(correlations.getOrDefault(customId, Map.of()));
            correlation.put(REQUEST_LINE, line);
            kept.put(customId, correlation);
        })) {
            body.writeTo(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the request lines of the batch", e);
        }
        return kept;
    }

    /** Hands out each line written to it, without its newline. */
    private static final class LineSplitter extends OutputStream {
        private final java.util.function.Consumer<String> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSplitter(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                sink.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    line.write(bytes, start, i - start);
                    write('\n');
                    start = i + 1;
                }
            }
            line.write(bytes, start, offset + length - start);
        }
    }
}
