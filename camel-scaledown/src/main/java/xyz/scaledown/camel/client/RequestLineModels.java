package xyz.scaledown.camel.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the custom_id and the model of each request line of a submit body, by writing the body once more and
 * reading only those two fields of each line: what a stored batch offers when its items are not held in heap.
 */
final class RequestLineModels {

    private RequestLineModels() {
    }

    static void forEach(BatchBody body, BiConsumer<String, String> sink) {
        try {
            body.forEachLine(line -> read(line, sink));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the models of the batch's items", e);
        }
    }

    private static void read(byte[] line, BiConsumer<String, String> sink) throws IOException {
        String customId = null;
        String model = null;
        try (JsonParser parser = BatchItemJson.MAPPER.getFactory().createParser(line)) {
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
        if (customId != null) {
            sink.accept(customId, model);
        }
    }
}
