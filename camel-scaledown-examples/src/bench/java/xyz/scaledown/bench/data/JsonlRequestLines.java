package xyz.scaledown.bench.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Writes item {@code i} of {@link BenchItems} as one request line of a batch (JSON Lines, UTF-8). */
public final class JsonlRequestLines {

    private final JsonFactory factory = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    public byte[] line(long index) {
        buffer.reset();
        try (JsonGenerator json = factory.createGenerator(buffer)) {
            String model = BenchItems.model(index);
            json.writeStartObject();
            json.writeStringField("custom_id", BenchItems.customId(index));
            json.writeStringField("method", "POST");
            json.writeStringField("url", "/v1/chat/completions");
            json.writeObjectFieldStart("body");
            json.writeStringField("model", model);
            json.writeStringField("text", BenchItems.text(index));
            if (model.equals("extract")) {
                json.writeObjectFieldStart("entities");
                for (Map.Entry<String, String> entity : BenchItems.ENTITIES.entrySet()) {
                    json.writeStringField(entity.getKey(), entity.getValue());
                }
                json.writeEndObject();
            } else if (model.equals("classify")) {
                json.writeArrayFieldStart("labels");
                for (Map<String, String> label : BenchItems.LABELS) {
                    json.writeStartObject();
                    json.writeStringField("name", label.get("name"));
                    json.writeStringField("rubric", label.get("rubric"));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }
}
