package xyz.scaledown.camel.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

/**
 * Writes one submit line of the Batch API:
 * {@code {"custom_id":..,"method":"POST","url":"/v1/chat/completions","body":{"model":..,...}}} and a newline.
 * Optional fields that are null are left out.
 */
public final class BatchRequestWriter {

    static final String METHOD = "POST";
    /** The {@code url} every request line carries. */
    public static final String REQUEST_URL = "/v1/chat/completions";

    private static final BatchRequestWriter STANDARD = new BatchRequestWriter(new JsonFactory());

    private final JsonFactory factory;

    /** A writer with a plain Jackson factory, shared: it keeps no state between lines. */
    public static BatchRequestWriter standard() {
        return STANDARD;
    }

    public BatchRequestWriter(JsonFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public void writeLine(BatchItem item, OutputStream out) throws IOException {
        try (JsonGenerator gen = factory.createGenerator(out, JsonEncoding.UTF8)) {
            // the stream belongs to the caller (an HTTP body): neither close nor flush it per line
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            gen.writeStartObject();
            gen.writeStringField("custom_id", item.customId());
            gen.writeStringField("method", METHOD);
            gen.writeStringField("url", REQUEST_URL);
            gen.writeObjectFieldStart("body");
            gen.writeStringField("model", item.model().wireName());
            gen.writeStringField("text", item.text());
            if (item instanceof SummarizeItem s) {
                writeOptional(gen, "instructions", s.instructions());
                if (s.maxTokens() != null) {
                    gen.writeNumberField("max_tokens", s.maxTokens());
                }
            } else if (item instanceof ExtractItem e) {
                gen.writeObjectFieldStart("entities");
                for (Map.Entry<String, String> entity : e.entities().entrySet()) {
                    gen.writeStringField(entity.getKey(), entity.getValue());
                }
                gen.writeEndObject();
                writeOptional(gen, "instruction", e.instruction());
            } else if (item instanceof ClassifyItem c) {
                gen.writeArrayFieldStart("labels");
                for (ClassifyLabel label : c.labels()) {
                    gen.writeStartObject();
                    gen.writeStringField("name", label.name());
                    gen.writeStringField("rubric", label.rubric());
                    gen.writeEndObject();
                }
                gen.writeEndArray();
                writeOptional(gen, "system_prompt", c.systemPrompt());
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
        out.write('\n');
    }

    /**
     * A cheap estimate, in bytes, of the line {@link #writeLine} writes for {@code item}: exact for ordinary text,
     * an upper bound when the text holds control characters or the generator combines surrogate pairs.
     */
    public long estimateBytes(BatchItem item) {
        // {"custom_id":"..","method":"POST","url":"/v1/chat/completions","body":{"model":"..",...}}\n
        long size = 2 + 1; // outer braces + newline
        size += stringField("custom_id", item.customId()) + 1;
        size += stringField("method", METHOD) + 1;
        size += stringField("url", REQUEST_URL) + 1;
        size += name("body") + 2; // body braces
        size += stringField("model", item.model().wireName());
        size += 1 + stringField("text", item.text());
        if (item instanceof SummarizeItem s) {
            size += optional("instructions", s.instructions());
            if (s.maxTokens() != null) {
                size += 1 + name("max_tokens") + String.valueOf(s.maxTokens()).length();
            }
        } else if (item instanceof ExtractItem e) {
            size += 1 + name("entities") + 2;
            Map<String, String> entities = e.entities();
            if (entities != null) {
                size += Math.max(0, entities.size() - 1);
                for (Map.Entry<String, String> entity : entities.entrySet()) {
                    size += stringField(entity.getKey(), entity.getValue());
                }
            }
            size += optional("instruction", e.instruction());
        } else if (item instanceof ClassifyItem c) {
            size += 1 + name("labels") + 2;
            List<ClassifyLabel> labels = c.labels();
            if (labels != null) {
                size += Math.max(0, labels.size() - 1);
                for (ClassifyLabel label : labels) {
                    size += 2 + stringField("name", label.name()) + 1 + stringField("rubric", label.rubric());
                }
            }
            size += optional("system_prompt", c.systemPrompt());
        }
        return size;
    }

    private static void writeOptional(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
    }

    private static long optional(String name, String value) {
        return value == null ? 0 : 1 + stringField(name, value);
    }

    /** {@code "name":} */
    private static long name(String name) {
        return jsonStringBytes(name) + 1;
    }

    /** {@code "name":"value"} */
    private static long stringField(String name, String value) {
        return name(name) + jsonStringBytes(value);
    }

    /** The bytes of a quoted JSON string in UTF-8, as Jackson escapes it ({@code null} for null). */
    static long jsonStringBytes(String value) {
        if (value == null) {
            return 4;
        }
        long bytes = 2;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                bytes += 6; // \\u00XX at worst
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 12; // Jackson escapes a surrogate pair as two 6-byte escapes unless told to combine them
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
