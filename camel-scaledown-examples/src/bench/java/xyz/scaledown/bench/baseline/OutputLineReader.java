package xyz.scaledown.bench.baseline;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Parses one output line with Jackson's streaming parser, then {@code choices[0].message.content} into its typed
 * record with a reader made once per type.
 */
public final class OutputLineReader {

    private final ObjectMapper mapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectReader summaries = mapper.readerFor(Summary.class);
    private final ObjectReader extractions = mapper.readerFor(Extraction.class);
    private final ObjectReader classifications = mapper.readerFor(Classification.class);

    public ParsedResult parse(String line) throws IOException {
        LineFields fields = new LineFields();
        try (JsonParser json = mapper.getFactory().createParser(line)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "custom_id" -> fields.customId = json.getText();
                    case "response" -> readResponse(json, value, fields);
                    case "error" -> readError(json, value, fields);
                    default -> json.skipChildren();
                }
            }
        }
        Object content = fields.content == null || fields.errorCode != null ? null : typed(fields.model, fields.content);
        return new ParsedResult(fields.customId, fields.model, fields.statusCode, content, fields.errorCode,
                fields.errorMessage);
    }

    private Object typed(String model, String content) throws IOException {
        return switch (model) {
            case "summarize" -> summaries.readValue(content);
            case "extract" -> extractions.readValue(content);
            case "classify" -> classifications.readValue(content);
            default -> throw new IOException("unknown model " + model);
        };
    }

    private static void readResponse(JsonParser json, JsonToken value, LineFields fields) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken token = json.nextToken();
            if (name.equals("status_code")) {
                fields.statusCode = json.getIntValue();
            } else if (name.equals("body") && token == JsonToken.START_OBJECT) {
                readBody(json, fields);
            } else {
                json.skipChildren();
            }
        }
    }

    private static void readBody(JsonParser json, LineFields fields) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken token = json.nextToken();
            if (name.equals("model")) {
                fields.model = json.getText();
            } else if (name.equals("choices") && token == JsonToken.START_ARRAY) {
                readChoices(json, fields);
            } else {
                json.skipChildren();
            }
        }
    }

    private static void readChoices(JsonParser json, LineFields fields) throws IOException {
        boolean first = true;
        while (json.nextToken() == JsonToken.START_OBJECT) {
            if (!first) {
                json.skipChildren();
                continue;
            }
            first = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken token = json.nextToken();
                if (name.equals("message") && token == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String field = json.currentName();
                        json.nextToken();
                        if (field.equals("content")) {
                            fields.content = json.getText();
                        } else {
                            json.skipChildren();
                        }
                    }
                } else {
                    json.skipChildren();
                }
            }
        }
    }

    private static void readError(JsonParser json, JsonToken value, LineFields fields) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            json.skipChildren();
            return;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            switch (name) {
                case "code" -> fields.errorCode = json.getText();
                case "message" -> fields.errorMessage = json.getText();
                default -> json.skipChildren();
            }
        }
        if (fields.errorCode == null) {
            fields.errorCode = "error";
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }

    /** The fields of one line while it is being read. */
    private static final class LineFields {
        String customId;
        String model;
        int statusCode;
        String content;
        String errorCode;
        String errorMessage;
    }
}
