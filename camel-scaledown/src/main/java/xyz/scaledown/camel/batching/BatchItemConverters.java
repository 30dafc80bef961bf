package xyz.scaledown.camel.batching;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Converter;
import org.apache.camel.Exchange;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.ScaleDownResult;

/**
 * Camel type converters into {@link BatchItem} (from a map, JSON text, or plain text when header
 * {@code CamelScaleDownModel} is set) and from the typed results to JSON, so a route can write a result straight to a
 * file or a queue. Camel does not chain converters: each type that leaves the component (result, error item,
 * submission, status, item) gets its own {@code String}, {@code byte[]} and {@code InputStream} (UTF-8 JSON), which
 * are what file, JMS, Kafka and HTTP endpoints ask for.
 */
@Converter(generateLoader = true)
public final class BatchItemConverters {

    /** Converters see no endpoint: only headers give the parameters of plain text. */
    private static final ItemParameters HEADERS_ONLY = new ItemParameters();

    private BatchItemConverters() {
    }

    @Converter
    public static BatchItem toBatchItem(Map<String, Object> map) {
        return BatchItemJson.read(map, "item 0");
    }

    /** Plain text when header {@code CamelScaleDownModel} is set, otherwise one JSON object. */
    @Converter
    public static BatchItem toBatchItem(String body, Exchange exchange) {
        if (exchange != null && exchange.getMessage().getHeader(ScaleDownConstants.MODEL) != null) {
            return HEADERS_ONLY.textItem(body, exchange.getMessage());
        }
        try {
            return BatchItemJson.readJson(body, "item 0");
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("not valid JSON")) {
                throw new IllegalArgumentException(e.getMessage() + " (to send plain text, set header '"
                        + ScaleDownConstants.MODEL + "' to summarize, extract or classify)", e);
            }
            throw e;
        }
    }

    @Converter
    public static BatchItem toBatchItem(byte[] body, Exchange exchange) {
        return toBatchItem(StrictText.decode(body, StandardCharsets.UTF_8), exchange);
    }

    @Converter
    public static BatchItem toBatchItem(InputStream body, Exchange exchange) throws IOException {
        return toBatchItem(body.readAllBytes(), exchange);
    }

    @Converter
    public static String toJson(BatchItem item) {
        return BatchItemJson.toJson(item);
    }

    @Converter
    public static byte[] toBytes(BatchItem item) {
        return utf8(toJson(item));
    }

    @Converter
    public static InputStream toInputStream(BatchItem item) {
        return new ByteArrayInputStream(toBytes(item));
    }

    @Converter
    public static String toJson(ScaleDownResult result) {
        return write(result);
    }

    @Converter
    public static byte[] toBytes(ScaleDownResult result) {
        return writeBytes(result);
    }

    @Converter
    public static InputStream toInputStream(ScaleDownResult result) {
        return new ByteArrayInputStream(toBytes(result));
    }

    /** {@code {"custom_id", "model", "status_code", "content", "error"}}, the names of the output lines. */
    @Converter
    public static String toJson(BatchResultItem result) {
        return write(lineOf(result));
    }

    @Converter
    public static byte[] toBytes(BatchResultItem result) {
        return writeBytes(lineOf(result));
    }

    @Converter
    public static InputStream toInputStream(BatchResultItem result) {
        return new ByteArrayInputStream(toBytes(result));
    }

    @Converter
    public static String toJson(BatchSubmission submission) {
        return write(submission);
    }

    @Converter
    public static byte[] toBytes(BatchSubmission submission) {
        return writeBytes(submission);
    }

    @Converter
    public static InputStream toInputStream(BatchSubmission submission) {
        return new ByteArrayInputStream(toBytes(submission));
    }

    @Converter
    public static String toJson(BatchStatus status) {
        return write(status);
    }

    @Converter
    public static byte[] toBytes(BatchStatus status) {
        return writeBytes(status);
    }

    @Converter
    public static InputStream toInputStream(BatchStatus status) {
        return new ByteArrayInputStream(toBytes(status));
    }

    private static Map<String, Object> lineOf(BatchResultItem result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("custom_id", result.customId());
        map.put("model", result.model());
        map.put("status_code", result.statusCode());
        map.put("content", result.content());
        map.put("error", result.error());
        return map;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static byte[] writeBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
