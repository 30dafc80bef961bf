package xyz.scaledown.camel.batching;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemSizeEstimatorTest {

    @Test
    void countsEncodedBytesOfTheText() {
        assertEquals(1 + 2 + 3 + 4 + 2 + 6, JsonLineSizeEstimator.jsonStringBytes("aé€😀\"\n"));
    }

    @Test
    void estimateIsNeverBelowTheRequestLineAndCloseToIt() {
        List<BatchItem> items = List.of(new SummarizeItem("id-1", "x".repeat(5000) + "é€", "be brief", 100),
                new ExtractItem("id-2", "Ada Lovelace", Map.of("person", "a name", "date", "a date"), "find"),
                new ClassifyItem("id-3", "buy now", List.of(new ClassifyLabel("spam", "Is it spam?")), "sp"));
        for (BatchItem item : items) {
            Map<String, Object> body = new LinkedHashMap<>(BatchItemWriter.toBareMap(item));
            body.remove("custom_id");
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("custom_id", item.customId());
            line.put("method", "POST");
            line.put("url", "/v1/chat/completions");
            line.put("body", body);
            long actual = (toJson(line) + "\n").getBytes(StandardCharsets.UTF_8).length;
            long estimate = ItemSizeEstimator.jsonLine().estimateBytes(item);
            assertTrue(estimate >= actual, item.customId() + ": estimate " + estimate + " < actual " + actual);
            assertTrue(estimate <= actual + 200, item.customId() + ": estimate " + estimate + " far above " + actual);
        }
    }

    private static String toJson(Object value) {
        try {
            return BatchingJson.MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
