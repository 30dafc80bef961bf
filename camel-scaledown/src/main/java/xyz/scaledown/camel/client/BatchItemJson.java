package xyz.scaledown.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ScaleDownModel;

/**
 * The one codec of batch items, driven by the Jackson annotations on {@link BatchItem}: reads an item in its bare
 * form ({@code {"model", "text", ...}}) or as a request line ({@code {"custom_id", "method", "url", "body"}}), reads
 * JSON Lines, a JSON array or a sequence of objects through one {@link MappingIterator}, and writes the request lines
 * submit sends. Values are bound strictly: a number is not a string, a string that is not a number is not a number.
 * <p>
 * Every refusal is an {@link IllegalArgumentException} naming where the item was ({@code item 2}, {@code line 3}) and
 * the field.
 */
public final class BatchItemJson {

    /** The {@code url} every request line carries. */
    public static final String REQUEST_URL = "/v1/chat/completions";
    static final String METHOD = "POST";

    static final ObjectMapper MAPPER = strictMapper();
    private static final ObjectReader NODE_READER = MAPPER.readerFor(JsonNode.class);
    private static final ObjectWriter LINE_WRITER = MAPPER.writerFor(RequestLine.class)
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .without(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

    private BatchItemJson() {
    }

    /** A submit line; the body carries the item's fields without its custom_id. */
    @JsonPropertyOrder({ "custom_id", "method", "url", "body" })
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RequestLine(
            @JsonProperty("custom_id") String customId,
            @JsonProperty("method") String method,
            @JsonProperty("url") String url,
            @JsonProperty("body") @JsonIgnoreProperties(value = { "custom_id", "customId" }, allowSetters = true)
            BatchItem body) {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
                .build();
        // a number, a boolean or a list where text belongs is a mistake, not something to turn into text
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    // ------------------------------------------------------------------ reading

    /**
     * One item from a map or a JSON tree, in either form.
     *
     * @param where how the message names the item, e.g. {@code item 3}
     */
    public static BatchItem read(Object value, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": no item (null)");
        }
        JsonNode node;
        try {
            node = value instanceof JsonNode tree ? tree : MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": cannot read it as JSON: " + e.getMessage(), e);
        }
        return fromNode(node, where);
    }

    /** One item from the JSON text of one object. */
    public static BatchItem readJson(String json, String where) {
        JsonNode node;
        try {
            node = NODE_READER.readValue(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromNode(node, where);
    }

    /**
     * Streams the items of a JSON text into {@code sink}: JSON Lines, objects one after another, or one JSON array of
     * objects. Only one item is held at a time. Items are named by position and line.
     *
     * @return how many items were read
     * @throws UncheckedIOException when the reader fails (a malformed byte in strict decoding, say)
     */
    public static int readAll(Reader json, Consumer<BatchItem> sink) {
        int index = 0;
        try (MappingIterator<JsonNode> values = NODE_READER.readValues(json)) {
            while (true) {
                // the line the item starts on: where a reader of the text looks for it
                long line = values.getParser().currentLocation().getLineNr();
                JsonNode node;
                try {
                    if (!values.hasNextValue()) {
                        return index;
                    }
                    line = values.getParser().currentTokenLocation().getLineNr();
                    node = values.nextValue();
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(where(index, line) + ": not valid JSON: " + e.getOriginalMessage(), e);
                }
                sink.accept(fromNode(node, where(index, line)));
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String where(int index, long line) {
        return line > 0 ? "item " + index + " (line " + line + ")" : "item " + index;
    }

    private static BatchItem fromNode(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object but found "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        try {
            JsonNode body = node.get("body");
            if (body == null) {
                return MAPPER.treeToValue(node, BatchItem.class);
            }
            if (!body.isObject()) {
                throw new IllegalArgumentException(where + ": field 'body' must be an object");
            }
            RequestLine line = MAPPER.treeToValue(node, RequestLine.class);
            checkEnvelope(line, where);
            return line.body() == null ? null : line.body().withCustomId(line.customId());
        } catch (JsonProcessingException e) {
            throw refusal(e, where);
        }
    }

    private static void checkEnvelope(RequestLine line, String where) {
        if (line.method() != null && !METHOD.equalsIgnoreCase(line.method())) {
            throw new IllegalArgumentException(where + ": field 'method' must be POST but was '" + line.method() + "'");
        }
        if (line.url() != null && !REQUEST_URL.equals(line.url())) {
            throw new IllegalArgumentException(
                    where + ": field 'url' must be " + REQUEST_URL + " but was '" + line.url() + "'");
        }
    }

    /** Jackson's error, said in the terms of the item: which field, and what it must be. */
    private static IllegalArgumentException refusal(JsonProcessingException e, String where) {
        if (e instanceof InvalidTypeIdException typeId) {
            String model = typeId.getTypeId();
            String problem = model == null ? "field 'model' is missing"
                    : "field 'model': unknown model '" + model + "': expected one of " + Arrays.stream(ScaleDownModel.values())
                            .map(ScaleDownModel::wireName).collect(Collectors.joining(", "));
            return new IllegalArgumentException(where + ": " + problem, e);
        }
        String field = e instanceof JsonMappingException mapping ? fieldOf(mapping.getPath()) : "";
        String expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? " must be " + describe(mismatch.getTargetType()) : " is not valid";
        return new IllegalArgumentException(where + ": field '" + field + "'" + expected + " ("
                + e.getOriginalMessage() + ")", e);
    }

    private static String fieldOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String describe(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) ? "an object of label -> description" : "an object";
    }

    // ------------------------------------------------------------------ writing

    /** Writes the request line submit sends for {@code item}, and a newline; the stream stays open. */
    public static void writeRequestLine(BatchItem item, OutputStream out) throws IOException {
        LINE_WRITER.writeValue(out, new RequestLine(item.customId(), METHOD, REQUEST_URL, item));
        out.write('\n');
    }

    /** The request line {@link #writeRequestLine} writes for {@code item}, newline included, as UTF-8 bytes. */
    public static byte[] requestLine(BatchItem item) {
        ByteArrayOutputStream line = LINE_BUFFERS.get();
        line.reset();
        try {
            writeRequestLine(item, line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write item '" + item.customId() + "' as a request line", e);
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length > LINE_BUFFER_KEPT) {
            // a thread keeps its buffer for the next item, but not one grown for a rare huge item
            LINE_BUFFERS.remove();
        }
        return bytes;
    }

    /**
     * The bytes {@link #writeRequestLine} writes for {@code item}, counted without keeping them: the same writer, into
     * one generator per thread that only counts, so sizing an item allocates next to nothing.
     */
    public static long requestLineBytes(BatchItem item) {
        try {
            return LINE_COUNTERS.get().count(new RequestLine(item.customId(), METHOD, REQUEST_URL, item)) + 1;
        } catch (IOException | RuntimeException e) {
            // a write that failed half-way leaves the generator inside an object: start the next count afresh
            LINE_COUNTERS.remove();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The bare form of an item, as {@link #read} reads it back. */
    public static String toJson(BatchItem item) {
        try {
            return MAPPER.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write item " + item.customId() + " as JSON", e);
        }
    }

    /** Converts a loose value (a map, a list) to the given type with the codec's strict rules. */
    public static <T> T convert(Object value, Class<T> type, String what) {
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be " + describe(type) + ": " + rootMessage(e), e);
        }
    }

    public static <T> T convert(Object value, com.fasterxml.jackson.core.type.TypeReference<T> type, String what,
                                String expected) {
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be " + expected + ": " + rootMessage(e), e);
        }
    }

    /** Parses JSON text into maps, lists and scalars. */
    public static Object parse(String json, String what) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String rootMessage(IllegalArgumentException e) {
        return e.getCause() instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }

    /** The line writer, but strings are counted rather than encoded ({@link StringSizeSerializer}). */
    private static final ObjectWriter LINE_SIZER = MAPPER.copy()
            .registerModule(new SimpleModule("scaledown-line-size").addSerializer(String.class, new StringSizeSerializer()))
            .writerFor(RequestLine.class);
    private static final int LINE_BUFFER_KEPT = 64 * 1024;
    private static final ThreadLocal<ByteArrayOutputStream> LINE_BUFFERS =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(2048));
    private static final ThreadLocal<LineCounter> LINE_COUNTERS = ThreadLocal.withInitial(LineCounter::new);

    /** A generator kept open over a byte counter; each value's size is the difference in bytes it produced. */
    private static final class LineCounter {
        private final StringSizeSerializer.ByteCounter bytes = new StringSizeSerializer.ByteCounter();
        private final JsonGenerator generator;

        LineCounter() {
            try {
                generator = MAPPER.getFactory().createGenerator(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // values written one after another at the root are otherwise separated by a space
            generator.setRootValueSeparator(null);
        }

        long count(RequestLine line) throws IOException {
            long before = bytes.count() + generator.getOutputBuffered();
            LINE_SIZER.writeValue(generator, line);
            return bytes.count() + generator.getOutputBuffered() - before;
        }
    }

}
