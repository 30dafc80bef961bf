package xyz.scaledown.camel.tracking;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON for the file and JDBC stores. Jackson never closes a stream: the store closes what it opened. */
public final class TrackingJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private TrackingJson() {
    }

    /** Headers as stored: a JSON object, or {@code null} for none. */
    public static String json(Map<String, Object> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("headers that cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The headers {@link #json} stored (a modifiable map); none for {@code null}. */
    public static Map<String, Object> headers(String json) {
        if (json == null) {
            return new LinkedHashMap<>();
        }
        try {
            return MAPPER.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored headers that are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** Strings, numbers and booleans are kept as they are; anything else is kept as its string form. */
    public static Object storable(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        return value.toString();
    }
}
