package xyz.scaledown.camel.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /** The body's request lines without their newlines: the body is written once more and cut at each newline. */
    public static List<String> requestLines(BatchBody body) {
        List<String> lines = new ArrayList<>(body.itemCount());
        try (LineSplitter splitter = new LineSplitter(lines::add)) {
            body.writeTo(splitter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the request lines of the batch", e);
        }
        return lines;
    }

    private static final class LineSplitter extends OutputStream {
        private final Consumer<String> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> sink) {
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
