package xyz.scaledown.camel.aggregation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Splits a stream into lines of bytes, each handed out with its newline; a last line without one is left out. */
final class LineReader {

    @FunctionalInterface
    interface LineSink {
        void line(byte[] buffer, int offset, int length) throws IOException;
    }

    private LineReader() {
    }

    /** Reads every complete line and returns the number of bytes they span (where a cut-off tail starts). */
    static long forEachLine(InputStream in, LineSink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int start = 0;
        int end = 0;
        long consumed = 0;
        while (true) {
            int newline = indexOf(buffer, '\n', start, end);
            if (newline >= 0) {
                sink.line(buffer, start, newline + 1 - start);
                consumed += newline + 1 - start;
                start = newline + 1;
                continue;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return consumed;
            }
            end += read;
        }
    }

    private static int indexOf(byte[] buffer, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
