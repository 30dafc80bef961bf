package xyz.scaledown.bench.data;

import java.io.InputStream;

/** The JSON Lines body of one batch, generated line by line as it is read, so no batch is ever held in memory. */
public final class JsonlBodyStream extends InputStream {

    private final JsonlRequestLines lines = new JsonlRequestLines();
    private final BatchRange range;
    private long nextIndex;
    private byte[] current = new byte[0];
    private int position;

    public JsonlBodyStream(BatchRange range) {
        this.range = range;
        this.nextIndex = range.from();
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        while (copied < length && fill()) {
            int chunk = Math.min(length - copied, current.length - position);
            System.arraycopy(current, position, target, offset + copied, chunk);
            position += chunk;
            copied += chunk;
        }
        return copied == 0 ? -1 : copied;
    }

    private boolean fill() {
        while (position >= current.length) {
            if (nextIndex >= range.to()) {
                return false;
            }
            current = lines.line(nextIndex++);
            position = 0;
        }
        return true;
    }
}
