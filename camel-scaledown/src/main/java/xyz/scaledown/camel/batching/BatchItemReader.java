package xyz.scaledown.camel.batching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchRequestWriter;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.ScaleDownModel;
import xyz.scaledown.camel.model.SummarizeItem;

/**
 * Turns loose data (maps, JSON, JSON Lines, plain text with headers) into typed {@link BatchItem}s, refusing bad
 * input with an {@link IllegalArgumentException} whose message names the item (or line, or header) and the field.
 * <p>
 * Accepted shapes of one item:
 * <ul>
 * <li>bare: {@code {"model": "summarize", "text": "...", "custom_id": "...", "instructions": "...", "max_tokens": 200}}
 * (camelCase aliases {@code customId}, {@code maxTokens}, {@code systemPrompt} accepted);</li>
 * <li>request line: {@code {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {"model": ...}}}.</li>
 * </ul>
 * {@code custom_id} may be absent; the aggregation strategy assigns one.
 */
public final class BatchItemReader {

    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private BatchItemReader() {
    }

    // ---------------------------------------------------------------- maps and JSON

    public static BatchItem fromMap(Map<String, ?> map, int index) {
        return fromMap(map, "item " + index);
    }

    public static BatchItem fromJson(String json, int index) {
        String where = "item " + index;
        return fromMap(parseObject(json, where), where);
    }

    /**
     * Reads JSON Lines one line at a time; blank lines are skipped, errors name the line number (1-based).
     */
    public static List<BatchItem> fromJsonLines(Reader jsonl) {
        List<BatchItem> items = new ArrayList<>();
        forEachJsonLine(jsonl, items::add);
        return items;
    }

    /**
     * Streams JSON Lines into {@code sink} without holding more than one line in memory.
     */
    public static void forEachJsonLine(Reader jsonl, Consumer<BatchItem> sink) {
        BufferedReader reader = jsonl instanceof BufferedReader buffered ? buffered : new BufferedReader(jsonl);
        try {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    String where = "line " + lineNumber;
                    sink.accept(fromMap(parseObject(line, where), where));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON Lines: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a JSON array of items, a single JSON object (pretty-printed or not), or JSON Lines.
     */
    public static List<BatchItem> fromJsonText(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no items: the text is empty");
        }
        if (trimmed.charAt(0) == '[') {
            return fromJsonArray(trimmed);
        }
        if (trimmed.charAt(0) == '{') {
            Map<String, Object> single = tryParseSingleObject(trimmed);
            if (single != null) {
                return List.of(fromMap(single, "item 0"));
            }
        }
        return fromJsonLines(new StringReader(text));
    }

    private static List<BatchItem> fromJsonArray(String json) {
        JsonNode array;
        try {
            array = BatchingJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<BatchItem> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                throw new IllegalArgumentException("item " + i + ": expected a JSON object but found " + describe(node));
            }
            items.add(fromMap(BatchingJson.MAPPER.convertValue(node, MAP_TYPE), i));
        }
        return items;
    }

    private static Map<String, Object> tryParseSingleObject(String json) {
        try {
            return BatchingJson.MAPPER.readValue(json, MAP_TYPE);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Map<String, Object> parseObject(String json, String where) {
        JsonNode node;
        try {
            node = BatchingJson.MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object but found " + describe(node));
        }
        return BatchingJson.MAPPER.convertValue(node, MAP_TYPE);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static BatchItem fromMap(Map<String, ?> map, String where) {
        if (map == null) {
            throw new IllegalArgumentException(where + ": no item (null)");
        }
        Object body = map.get("body");
        if (body == null) {
            return fromBareMap(map, map, where);
        }
        if (!(body instanceof Map<?, ?> bodyMap)) {
            throw new IllegalArgumentException(where + ": field 'body' must be an object");
        }
        Object method = map.get("method");
        if (method != null && !"POST".equalsIgnoreCase(method.toString())) {
            throw new IllegalArgumentException(where + ": field 'method' must be POST but was '" + method + "'");
        }
        Object url = map.get("url");
        if (url != null && !BatchRequestWriter.REQUEST_URL.equals(url.toString())) {
            throw new IllegalArgumentException(
                    where + ": field 'url' must be " + BatchRequestWriter.REQUEST_URL + " but was '" + url + "'");
        }
        return fromBareMap(asStringKeyed(bodyMap), map, where);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asStringKeyed(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    /** {@code fields} holds the model's fields; {@code envelope} holds custom_id (the same map in the bare form). */
    private static BatchItem fromBareMap(Map<String, ?> fields, Map<String, ?> envelope, String where) {
        FieldReader in = new FieldReader(fields, where);
        String customId = new FieldReader(envelope, where).customId();
        Object modelValue = fields.get("model");
        if (modelValue == null) {
            throw new IllegalArgumentException(where + ": field 'model' is missing");
        }
        ScaleDownModel model = model(modelValue, where, where + ": field 'model'");
        String text = in.string("text");
        return switch (model) {
            case SUMMARIZE -> new SummarizeItem(customId, text, in.string("instructions"), in.maxTokens());
            case EXTRACT -> new ExtractItem(customId, text, entities(fields.get("entities"), where + ": field 'entities'"),
                    in.firstString("instruction", "instructions"));
            case CLASSIFY -> new ClassifyItem(customId, text, labels(fields.get("labels"), where + ": field 'labels'"),
                    in.string("system_prompt", "systemPrompt"));
        };
    }

    // ---------------------------------------------------------------- plain text + headers

    /**
     * Plain text as the item's text; the model and its parameters come from the {@link ScaleDownConstants} headers.
     */
    public static BatchItem fromText(String text, Map<String, Object> headers) {
        Map<String, Object> h = headers == null ? Map.of() : headers;
        Object modelValue = h.get(ScaleDownConstants.MODEL);
        if (modelValue == null) {
            throw new IllegalArgumentException("header '" + ScaleDownConstants.MODEL
                    + "' is missing: set it to one of summarize, extract, classify to send plain text");
        }
        String modelHeader = "header '" + ScaleDownConstants.MODEL + "'";
        ScaleDownModel model = model(modelValue, modelHeader, modelHeader);
        String itemText = text;
        String customId = customIdOf(h.get(ScaleDownConstants.CUSTOM_ID), "header '" + ScaleDownConstants.CUSTOM_ID + "'");
        String instructions = optionalString(h.get(ScaleDownConstants.INSTRUCTIONS),
                "header '" + ScaleDownConstants.INSTRUCTIONS + "'");
        return switch (model) {
            case SUMMARIZE -> new SummarizeItem(customId, itemText, instructions,
                    maxTokens(h.get(ScaleDownConstants.MAX_TOKENS), "header '" + ScaleDownConstants.MAX_TOKENS + "'"));
            case EXTRACT -> new ExtractItem(customId, itemText, entities(
                    requireHeader(h, ScaleDownConstants.ENTITIES, "extract"), "header '" + ScaleDownConstants.ENTITIES + "'"),
                    instructions);
            case CLASSIFY -> new ClassifyItem(customId, itemText, labels(
                    requireHeader(h, ScaleDownConstants.LABELS, "classify"), "header '" + ScaleDownConstants.LABELS + "'"),
                    optionalString(h.get(ScaleDownConstants.SYSTEM_PROMPT), "header '" + ScaleDownConstants.SYSTEM_PROMPT + "'"));
        };
    }

    private static Object requireHeader(Map<String, Object> headers, String name, String model) {
        Object value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "' is missing: model " + model + " needs it");
        }
        return value;
    }

    // ---------------------------------------------------------------- field parsers shared by both paths

    private static ScaleDownModel model(Object value, String where, String what) {
        if (value instanceof ScaleDownModel model) {
            return model;
        }
        if (!(value instanceof String name)) {
            throw new IllegalArgumentException(what + " must be a string but was " + describeValue(value));
        }
        try {
            return ScaleDownModel.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }


    private static String customIdOf(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            if (s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        throw new IllegalArgumentException(what + " must be a string but was " + describeValue(value));
    }

    private static String optionalString(Object value, String what) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(what + " must be a string but was " + describeValue(value));
    }

    private static Integer maxTokens(Object value, String what) {
        if (value == null) {
            return null;
        }
        long tokens;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            tokens = ((Number) value).longValue();
        } else if (value instanceof BigInteger big && big.bitLength() < 32) {
            tokens = big.longValue();
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal decimal = new BigDecimal(value.toString());
            if (decimal.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(what + " must be an integer but was " + value);
            }
            tokens = decimal.longValue();
        } else if (value instanceof String s && s.strip().matches("-?\\d{1,10}")) {
            tokens = Long.parseLong(s.strip());
        } else {
            throw new IllegalArgumentException(what + " must be an integer but was " + describeValue(value));
        }
        if (tokens < Integer.MIN_VALUE || tokens > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be an integer that fits 32 bits but was " + tokens);
        }
        return (int) tokens;
    }

    /** Entities from a map label -> description, JSON text of such an object, or "label:description;...". */
    private static Map<String, String> entities(Object value, String what) {
        Object source = value instanceof String text ? parseEntitiesText(text, what) : value;
        if (!(source instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be an object of label -> description");
        }
        Map<String, String> entities = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String label)) {
                throw new IllegalArgumentException(what + " must be an object of label -> description: a label is "
                        + describeValue(entry.getKey()));
            }
            if (!(entry.getValue() instanceof String description)) {
                throw new IllegalArgumentException(what + " must be an object of label -> description: the description of '"
                        + label + "' is " + describeValue(entry.getValue()) + ", not a string");
            }
            entities.put(label, description);
        }
        return Collections.unmodifiableMap(entities);
    }

    private static Object parseEntitiesText(String text, String what) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return parseJsonValue(trimmed, what);
        }
        Map<String, String> entities = new LinkedHashMap<>();
        for (String[] pair : pairs(trimmed, what, "label:description;label2:description2")) {
            entities.put(pair[0], pair[1]);
        }
        return entities;
    }

    /** Labels from a list of ClassifyLabel or {name, rubric} maps, a map name -> rubric, or text of either. */
    private static List<ClassifyLabel> labels(Object value, String what) {
        Object source = value instanceof String text ? parseLabelsText(text, what) : value;
        List<ClassifyLabel> labels = new ArrayList<>();
        if (source instanceof Map<?, ?> byName) {
            for (Map.Entry<?, ?> entry : byName.entrySet()) {
                labels.add(label(entry.getKey(), entry.getValue(), what, labels.size()));
            }
        } else if (source instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof ClassifyLabel label) {
                    labels.add(label(label.name(), label.rubric(), what, labels.size()));
                } else if (element instanceof Map<?, ?> labelMap) {
                    labels.add(label(labelMap.get("name"), labelMap.get("rubric"), what, labels.size()));
                } else {
                    throw new IllegalArgumentException(what + ": label " + labels.size()
                            + " must be an object {\"name\", \"rubric\"} but was " + describeValue(element));
                }
            }
        } else {
            throw new IllegalArgumentException(
                    what + " must be a list of {\"name\", \"rubric\"} but was " + describeValue(value));
        }
        return List.copyOf(labels);
    }

    private static ClassifyLabel label(Object name, Object rubric, String what, int position) {
        if (name != null && !(name instanceof String)) {
            throw new IllegalArgumentException(what + ": the name of label " + position + " must be a string but was "
                    + describeValue(name));
        }
        if (rubric != null && !(rubric instanceof String)) {
            throw new IllegalArgumentException(what + ": the rubric of label " + position + " must be a string but was "
                    + describeValue(rubric));
        }
        return new ClassifyLabel((String) name, (String) rubric);
    }

    private static Object parseLabelsText(String text, String what) {
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            return parseJsonValue(trimmed, what);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String[] pair : pairs(trimmed, what, "name:rubric;name2:rubric2")) {
            labels.put(pair[0], pair[1]);
        }
        return labels;
    }

    /** Splits "a:x;b:y" on ';' then on the first ':', so a rubric may itself hold ':'. */
    private static List<String[]> pairs(String text, String what, String expected) {
        List<String[]> pairs = new ArrayList<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(what + ": '" + part.strip() + "' has no ':'; expected " + expected);
            }
            pairs.add(new String[] { part.substring(0, colon).strip(), part.substring(colon + 1).strip() });
        }
        return pairs;
    }

    private static Object parseJsonValue(String json, String what) {
        try {
            return BatchingJson.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String typeName(Object value) {
        return value.getClass().getSimpleName();
    }

    private static String describeValue(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "the number " + value;
        }
        return "a " + typeName(value);
    }

    /** Reads named fields of one map, accepting the camelCase aliases. */
    private record FieldReader(Map<String, ?> map, String where) {

        Object value(String snake, String camel) {
            Object value = map.get(snake);
            return value != null || camel == null ? value : map.get(camel);
        }

        String string(String name) {
            return string(name, null);
        }

        String string(String snake, String camel) {
            return optionalString(value(snake, camel), where + ": field '" + snake + "'");
        }

        String firstString(String name, String alternative) {
            return map.get(name) != null ? string(name) : string(alternative);
        }

        String customId() {
            return customIdOf(value("custom_id", "customId"), where + ": field 'custom_id'");
        }

        Integer maxTokens() {
            return BatchItemReader.maxTokens(value("max_tokens", "maxTokens"), where + ": field 'max_tokens'");
        }
    }
}
