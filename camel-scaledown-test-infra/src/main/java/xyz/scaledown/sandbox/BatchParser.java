package xyz.scaledown.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a submitted JSON Lines body one line at a time into compact {@link StoredItem}s. A line
 * that breaks the contract refuses the whole body; an item that is well-formed but cannot be
 * processed (blank text, no labels, ...) is kept and fails on its own output line.
 */
final class BatchParser {

    static final String CHAT_COMPLETIONS_URL = "/v1/chat/completions";

    private static final ObjectReader LINE_READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    /** The items of one body, how many of them will fail on their own, and whether one matched the fail switch. */
    record Parsed(List<StoredItem> items, long unprocessableCount, boolean matchesFailSwitch) {
    }

    private final Map<ItemParams, ItemParams> sharedParams = new HashMap<>();

    /**
     * @param failCustomIdPart a custom_id part that marks the batch to fail, or null
     */
    Parsed parse(InputStream body, String failCustomIdPart) throws IOException, BadRequestException {
        List<StoredItem> items = new ArrayList<>();
        long unprocessable = 0;
        boolean matchesFailSwitch = false;
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
        int lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Request request = parseLine(line, lineNumber);
            ItemParams params = sharedParams.computeIfAbsent(request.params, p -> p);
            items.add(StoredItem.of(request.customId, request.text, params));
            if (StoredItem.problem(request.text, params) != null) {
                unprocessable++;
            }
            if (failCustomIdPart != null && request.customId.contains(failCustomIdPart)) {
                matchesFailSwitch = true;
            }
        }
        if (items.isEmpty()) {
            throw new BadRequestException("the body holds no requests: expected one JSON object per line");
        }
        return new Parsed(items, unprocessable, matchesFailSwitch);
    }

    private record Request(String customId, String text, ItemParams params) {
    }

    private static Request parseLine(String line, int n) throws BadRequestException {
        JsonNode node;
        try {
            node = LINE_READER.readTree(line);
        } catch (JsonProcessingException e) {
            throw bad(n, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw bad(n, "expected a JSON object");
        }
        String customId = requiredString(node, "custom_id", "custom_id", n);
        if (customId.isEmpty()) {
            throw bad(n, "field 'custom_id' is empty");
        }
        expectIfPresent(node, "method", "POST", n);
        expectIfPresent(node, "url", CHAT_COMPLETIONS_URL, n);
        JsonNode body = node.get("body");
        if (body == null || body.isNull()) {
            throw bad(n, "missing field 'body'");
        }
        if (!body.isObject()) {
            throw bad(n, "field 'body' must be an object");
        }
        String model = requiredString(body, "model", "body.model", n);
        String text = optionalString(body, "text", n);
        ItemParams params = switch (model) {
            case "summarize" -> new ItemParams.Summarize(maxTokens(body, n));
            case "extract" -> extractParams(body, n);
            case "classify" -> classifyParams(body, n);
            default -> throw bad(n, "unknown model '" + model + "': expected summarize, extract or classify");
        };
        return new Request(customId, text, params);
    }

    private static int maxTokens(JsonNode body, int n) throws BadRequestException {
        JsonNode value = body.get("max_tokens");
        if (value == null || value.isNull()) {
            return SummarizeModel.DEFAULT_MAX_TOKENS;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
            throw bad(n, "field 'body.max_tokens' must be a positive integer");
        }
        return value.intValue();
    }

    private static ItemParams extractParams(JsonNode body, int n) throws BadRequestException {
        JsonNode entities = body.get("entities");
        List<String> labels = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        if (entities != null && !entities.isNull()) {
            if (!entities.isObject()) {
                throw bad(n, "field 'body.entities' must be an object of label -> description");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = entities.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                JsonNode description = entry.getValue();
                if (description != null && !description.isNull() && !description.isTextual()) {
                    throw bad(n, "the description of entity '" + entry.getKey() + "' must be a string");
                }
                labels.add(entry.getKey());
                descriptions.add(description == null || description.isNull() ? "" : description.textValue());
            }
        }
        return ItemParams.Extract.of(labels, descriptions);
    }

    private static ItemParams classifyParams(JsonNode body, int n) throws BadRequestException {
        JsonNode labelsNode = body.get("labels");
        List<ClassifyModel.Label> labels = new ArrayList<>();
        if (labelsNode != null && !labelsNode.isNull()) {
            if (!labelsNode.isArray()) {
                throw bad(n, "field 'body.labels' must be an array of {\"name\", \"rubric\"}");
            }
            for (int i = 0; i < labelsNode.size(); i++) {
                JsonNode label = labelsNode.get(i);
                if (!label.isObject()) {
                    throw bad(n, "label " + (i + 1) + " must be an object with 'name' and 'rubric'");
                }
                labels.add(new ClassifyModel.Label(optionalString(label, "name", n),
                        optionalString(label, "rubric", n)));
            }
        }
        return ItemParams.Classify.of(labels);
    }

    private static String requiredString(JsonNode node, String field, String path, int n) throws BadRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad(n, "missing field '" + path + "'");
        }
        if (!value.isTextual()) {
            throw bad(n, "field '" + path + "' must be a string");
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode node, String field, int n) throws BadRequestException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad(n, "field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static void expectIfPresent(JsonNode node, String field, String expected, int n)
            throws BadRequestException {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !expected.equals(value.asText())) {
            throw bad(n, "field '" + field + "' must be \"" + expected + "\", was \"" + value.asText() + "\"");
        }
    }

    private static BadRequestException bad(int lineNumber, String problem) {
        return new BadRequestException("line " + lineNumber + ": " + problem);
    }
}
