package xyz.scaledown.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.apache.camel.util.function.ThrowingConsumer;

/** Cuts what a body writes into its request lines (without their newlines), one at a time: no copy of the body. */
final class RequestLines extends OutputStream {

    private final ThrowingConsumer<byte[], IOException> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

    private RequestLines(ThrowingConsumer<byte[], IOException> sink) {
        this.sink = sink;
    }

    static void forEach(BatchBody body, ThrowingConsumer<byte[], IOException> sink) throws IOException {
        try (RequestLines lines = new RequestLines(sink)) {
            body.writeTo(lines);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n') {
            endLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i - start);
                endLine();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public void close() throws IOException {
        endLine();
    }

    private void endLine() throws IOException {
        if (line.size() > 0) {
            byte[] bytes = line.toByteArray();
            line.reset();
            sink.accept(bytes);
        }
    }
}
