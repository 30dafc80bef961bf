package xyz.scaledown.camel.tracking;

import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON for the file and JDBC stores. Streams are never closed by Jackson: the store closes what it opened.
 */
public final class TrackingJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private TrackingJson() {
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
