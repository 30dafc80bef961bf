package xyz.scaledown.camel.batching;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ItemSizeEstimatorTest {

    @Test
    void estimateIsTheRequestLineSubmitWrites() throws Exception {
        List<BatchItem> items = List.of(new SummarizeItem("id-1", "x".repeat(5000) + "é€", "be brief", 100),
                new ExtractItem("id-2", "Ada Lovelace", Map.of("person", "a name", "date", "a date"), "find"),
                new ClassifyItem("id-3", "buy now", List.of(new ClassifyLabel("spam", "Is it spam?")), "sp"),
                SummarizeItem.of("id-4", "😀".repeat(2000) + " \"quoted\"\n\ttabbed é€"));
        for (BatchItem item : items) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            BatchItemJson.writeRequestLine(item, line);
            long actual = line.size();
            long estimate = ItemSizeEstimator.jsonLine().estimateBytes(item);
            assertEquals(actual, estimate, item.customId());
        }
    }
}
