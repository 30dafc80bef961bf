package xyz.scaledown.camel.batching;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.Message;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.ScaleDownModel;
import xyz.scaledown.camel.model.SummarizeItem;

/**
 * The parameters of a plain-text item (model, instructions, max tokens, entities, labels, system prompt) as options
 * of an endpoint or of the aggregation strategy, and the rule that a message header overrides each of them.
 * <p>
 * Option values are read once, when set, so a bad option fails at start-up; header values are read per message.
 * {@code entities} and {@code labels} take a map or list, JSON text, or {@code key:value;key:value} text.
 */
public final class ItemParameters {

    private static final TypeReference<Map<String, String>> ENTITIES = new TypeReference<>() {
    };
    private static final TypeReference<List<ClassifyLabel>> LABELS = new TypeReference<>() {
    };

    private ScaleDownModel model;
    private String instructions;
    private Integer maxTokens;
    private Map<String, String> entities;
    private List<ClassifyLabel> labels;
    private String systemPrompt;

    public ItemParameters model(String value) {
        this.model = value == null || value.isBlank() ? null : model(value, "option 'model'");
        return this;
    }

    public ItemParameters instructions(String value) {
        this.instructions = value;
        return this;
    }

    public ItemParameters maxTokens(Integer value) {
        this.maxTokens = value;
        return this;
    }

    public ItemParameters entities(Object value) {
        this.entities = value == null ? null : entities(value, "option 'entities'");
        return this;
    }

    public ItemParameters labels(Object value) {
        this.labels = value == null ? null : labels(value, "option 'labels'");
        return this;
    }

    public ItemParameters systemPrompt(String value) {
        this.systemPrompt = value;
        return this;
    }

    /** True when a model is known for plain text, from the header or the option. */
    public boolean hasModel(Message message) {
        return model != null || message.getHeader(ScaleDownConstants.MODEL) != null;
    }

    /**
     * The item for a plain-text body: each parameter from its header when set, else from the option.
     *
     * @throws IllegalArgumentException naming the header or option that is missing or malformed
     */
    public BatchItem textItem(String text, Message message) {
        Object modelHeader = message.getHeader(ScaleDownConstants.MODEL);
        ScaleDownModel itemModel = modelHeader != null ? model(modelHeader, header(ScaleDownConstants.MODEL)) : model;
        if (itemModel == null) {
            throw new IllegalArgumentException(header(ScaleDownConstants.MODEL) + " is missing: set it (or the model"
                    + " option) to one of summarize, extract, classify to send plain text");
        }
        String itemInstructions = string(message, ScaleDownConstants.INSTRUCTIONS, instructions);
        return switch (itemModel) {
            case SUMMARIZE -> new SummarizeItem(null, text, itemInstructions, maxTokens(message));
            case EXTRACT -> new ExtractItem(null, text, required(message, ScaleDownConstants.ENTITIES,
                    value -> entities(value, header(ScaleDownConstants.ENTITIES)), entities, "extract"), itemInstructions);
            case CLASSIFY -> new ClassifyItem(null, text, required(message, ScaleDownConstants.LABELS,
                    value -> labels(value, header(ScaleDownConstants.LABELS)), labels, "classify"),
                    string(message, ScaleDownConstants.SYSTEM_PROMPT, systemPrompt));
        };
    }

    private Integer maxTokens(Message message) {
        Object value = message.getHeader(ScaleDownConstants.MAX_TOKENS);
        if (value == null) {
            return maxTokens;
        }
        if (value instanceof Integer tokens) {
            return tokens;
        }
        return BatchItemJson.convert(value instanceof String text ? text.strip() : value, Integer.class,
                header(ScaleDownConstants.MAX_TOKENS));
    }

    private static String string(Message message, String name, String option) {
        Object value = message.getHeader(name);
        if (value == null) {
            return option;
        }
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException(header(name) + " must be a string but was a " + value.getClass().getSimpleName());
    }

    private static <T> T required(Message message, String name, java.util.function.Function<Object, T> parser,
                                  T option, String model) {
        Object value = message.getHeader(name);
        if (value != null) {
            return parser.apply(value);
        }
        if (option == null) {
            throw new IllegalArgumentException(header(name) + " is missing: model " + model
                    + " needs it (or the option of the same name)");
        }
        return option;
    }

    private static String header(String name) {
        return "header '" + name + "'";
    }

    private static ScaleDownModel model(Object value, String what) {
        if (value instanceof ScaleDownModel known) {
            return known;
        }
        if (!(value instanceof String name)) {
            throw new IllegalArgumentException(what + " must be a string but was a " + value.getClass().getSimpleName());
        }
        try {
            return ScaleDownModel.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** A map label -> description, JSON text of one, or {@code label:description;label2:description2}. */
    static Map<String, String> entities(Object value, String what) {
        Object source = value;
        if (value instanceof String text) {
            String trimmed = text.strip();
            source = trimmed.startsWith("{") ? BatchItemJson.parse(trimmed, what)
                    : pairs(trimmed, what, "label:description;label2:description2");
        }
        if (!(source instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be an object of label -> description");
        }
        if (allStrings(map)) {
            @SuppressWarnings("unchecked")
            Map<String, String> typed = (Map<String, String>) map;
            return Collections.unmodifiableMap(new LinkedHashMap<>(typed));
        }
        return BatchItemJson.convert(source, ENTITIES, what, "an object of label -> description");
    }

    /** A list of labels or {name, rubric} maps, a map name -> rubric, JSON text of either, or {@code name:rubric;...}. */
    static List<ClassifyLabel> labels(Object value, String what) {
        Object source = value;
        if (value instanceof String text) {
            String trimmed = text.strip();
            source = trimmed.startsWith("[") || trimmed.startsWith("{") ? BatchItemJson.parse(trimmed, what)
                    : pairs(trimmed, what, "name:rubric;name2:rubric2");
        }
        if (source instanceof Map<?, ?> byName) {
            List<Map<String, Object>> list = new ArrayList<>();
            byName.forEach((name, rubric) -> {
                Map<String, Object> label = new LinkedHashMap<>();
                label.put("name", name);
                label.put("rubric", rubric);
                list.add(label);
            });
            source = list;
        }
        if (!(source instanceof List<?> list)) {
            throw new IllegalArgumentException(what + " must be a list of {\"name\", \"rubric\"}");
        }
        List<ClassifyLabel> direct = directLabels(list);
        return direct != null ? direct : BatchItemJson.convert(source, LABELS, what, "a list of {\"name\", \"rubric\"}");
    }

    /**
     * Labels already typed, or maps of text {@code name} and {@code rubric}, taken as they are: binding them anew for
     * every message would cost more than the rest of handing an item in. Null when the list needs the codec.
     */
    private static List<ClassifyLabel> directLabels(List<?> list) {
        List<ClassifyLabel> labels = new ArrayList<>(list.size());
        for (Object element : list) {
            if (element instanceof ClassifyLabel label) {
                labels.add(label);
            } else if (element instanceof Map<?, ?> map && map.size() <= 2 && allStrings(map)
                       && map.keySet().stream().allMatch(key -> key.equals("name") || key.equals("rubric"))) {
                labels.add(new ClassifyLabel((String) map.get("name"), (String) map.get("rubric")));
            } else {
                return null;
            }
        }
        return List.copyOf(labels);
    }

    /** A map that is already label -> description needs no binding (the common case of a header set per message). */
    private static boolean allStrings(Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String) || !(entry.getValue() instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Splits "a:x;b:y" on ';' then on the first ':', so a description may itself hold ':'. */
    private static Map<String, String> pairs(String text, String what, String expected) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(what + ": '" + part.strip() + "' has no ':'; expected " + expected);
            }
            pairs.put(part.substring(0, colon).strip(), part.substring(colon + 1).strip());
        }
        return pairs;
    }
}
