package xyz.scaledown.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a stream into lines as bytes, without decoding them: a line ends at {@code \n}, {@code \r\n} or {@code \r},
 * as {@link java.io.BufferedReader#readLine()} counts them. The current line is {@link #buffer()} from
 * {@link #start()} for {@link #length()} bytes, valid until the next {@link #readLine()}; the line marked by
 * {@link #keepCurrent()} stays readable as text ({@link #keptText()}) until another is kept.
 */
final class OutputLines {

    private static final int INITIAL_BUFFER = 64 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    /** The bytes read so far are {@code [0, limit)}; the next line starts at {@code position}. */
    private int position;
    private int limit;
    private boolean endOfStream;
    /** A line ended at a {@code \r}: a {@code \n} right after it belongs to that line break. */
    private boolean skipLineFeed;
    private int lineStart;
    private int lineEnd;
    private boolean kept;
    private int keptStart;
    private int keptEnd;
    /** The kept line as text, once it had to leave the buffer (many lines were read past it). */
    private String keptCopy;

    OutputLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean readLine() throws IOException {
        if (skipLineFeed) {
            if (position == limit) {
                fill();
            }
            if (position < limit && buffer[position] == '\n') {
                position++;
            }
            skipLineFeed = false;
        }
        int scan = position;
        while (true) {
            for (; scan < limit; scan++) {
                byte b = buffer[scan];
                if (b == '\n' || b == '\r') {
                    lineStart = position;
                    lineEnd = scan;
                    position = scan + 1;
                    skipLineFeed = b == '\r';
                    return true;
                }
            }
            if (endOfStream) {
                if (position == limit) {
                    return false;
                }
                lineStart = position;
                lineEnd = limit;
                position = limit;
                return true;
            }
            scan -= fill();
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return lineStart;
    }

    int length() {
        return lineEnd - lineStart;
    }

    /** Whether the current line is empty or only whitespace, as {@link String#isBlank()} tells. */
    boolean isBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte b = buffer[i];
            if (b < 0) {
                return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the current line readable as text after the next lines are read. */
    void keepCurrent() {
        kept = true;
        keptCopy = null;
        keptStart = lineStart;
        keptEnd = lineEnd;
    }

    /** The kept line, decoded as UTF-8 (malformed bytes replaced). */
    String keptText() {
        return keptCopy != null ? keptCopy : new String(buffer, keptStart, keptEnd - keptStart, StandardCharsets.UTF_8);
    }

    /**
     * Reads more bytes after {@code limit}, first moving the kept line and the unread bytes to the front (or growing
     * the buffer when they fill it); returns how far the bytes moved towards the front.
     */
    private int fill() throws IOException {
        if (kept && keptStart < position && position - keptStart >= buffer.length / 2) {
            // lines not handed out (blank ones) ran far past the kept line: keep it as text, not the whole run
            keptCopy = keptText();
            kept = false;
        }
        int from = kept ? Math.min(keptStart, position) : position;
        if (from > 0) {
            System.arraycopy(buffer, from, buffer, 0, limit - from);
            keptStart -= from;
            keptEnd -= from;
            position -= from;
            limit -= from;
        } else if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfStream = true;
        } else {
            limit += read;
        }
        return from;
    }
}
