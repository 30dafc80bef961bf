package xyz.scaledown.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the custom_id and the model of each request line of a submit body, by writing the body once more and
 * reading only those two fields of each line: what a stored batch offers when its items are not held in heap.
 */
final class RequestLineModels extends OutputStream {

    private final BiConsumer<String, String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

    private RequestLineModels(BiConsumer<String, String> sink) {
        this.sink = sink;
    }

    static void forEach(BatchBody body, BiConsumer<String, String> sink) {
        try (RequestLineModels lines = new RequestLineModels(sink)) {
            body.writeTo(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the models of the batch's items", e);
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
        if (line.size() == 0) {
            return;
        }
        String customId = null;
        String model = null;
        try (JsonParser parser = BatchItemJson.MAPPER.getFactory().createParser(line.toByteArray())) {
            int depth = 0;
            boolean inBody = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    inBody = inBody && depth >= 2;
                } else if (token == JsonToken.FIELD_NAME && depth == 1 && "custom_id".equals(parser.currentName())) {
                    customId = parser.nextTextValue();
                } else if (token == JsonToken.FIELD_NAME && depth == 1 && "body".equals(parser.currentName())) {
                    inBody = true;
                } else if (token == JsonToken.FIELD_NAME && depth == 2 && inBody && "model".equals(parser.currentName())) {
                    model = parser.nextTextValue();
                }
                if (customId != null && model != null) {
                    break;
                }
            }
        }
        line.reset();
        if (customId != null) {
            sink.accept(customId, model);
        }
    }
}
