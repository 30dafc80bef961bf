package xyz.scaledown.camel.batching;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

/**
 * Writes an item in the bare form {@link BatchItemReader} reads back:
 * {@code {"custom_id", "model", "text", ...model fields}}; absent optional fields are left out.
 */
public final class BatchItemWriter {

    private BatchItemWriter() {
    }

    public static Map<String, Object> toBareMap(BatchItem item) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (item.customId() != null) {
            map.put("custom_id", item.customId());
        }
        map.put("model", item.model().wireName());
        map.put("text", item.text());
        if (item instanceof SummarizeItem s) {
            putIfPresent(map, "instructions", s.instructions());
            putIfPresent(map, "max_tokens", s.maxTokens());
        } else if (item instanceof ExtractItem e) {
            map.put("entities", e.entities());
            putIfPresent(map, "instruction", e.instruction());
        } else if (item instanceof ClassifyItem c) {
            map.put("labels", c.labels());
            putIfPresent(map, "system_prompt", c.systemPrompt());
        }
        return map;
    }

    public static String toJson(BatchItem item) {
        try {
            return BatchingJson.MAPPER.writeValueAsString(toBareMap(item));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write item " + item.customId() + " as JSON", e);
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
