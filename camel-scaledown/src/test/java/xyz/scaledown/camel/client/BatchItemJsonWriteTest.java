package xyz.scaledown.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchItemJsonWriteTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void summarizeWithAllFields() throws IOException {
        assertLine(new SummarizeItem("s-1", "Long text", "one line", 50),
                "{\"custom_id\":\"s-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"summarize\",\"text\":\"Long text\",\"instructions\":\"one line\",\"max_tokens\":50}}");
    }

    @Test
    void optionalFieldsAreLeftOutWhenNull() throws IOException {
        assertLine(SummarizeItem.of("s-2", "t"),
                "{\"custom_id\":\"s-2\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"summarize\",\"text\":\"t\"}}");
        assertLine(ExtractItem.of("e-2", "t", Map.of("a", "b")),
                "{\"custom_id\":\"e-2\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"extract\",\"text\":\"t\",\"entities\":{\"a\":\"b\"}}}");
    }

    @Test
    void extract() throws IOException {
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put("party", "a party to the contract");
        entities.put("date", "a date");
        assertLine(new ExtractItem("e-1", "ACME and Bob, 1 May", entities, "be strict"),
                "{\"custom_id\":\"e-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"extract\",\"text\":\"ACME and Bob, 1 May\",\"entities\":{\"party\":"
                + "\"a party to the contract\",\"date\":\"a date\"},\"instruction\":\"be strict\"}}");
    }

    @Test
    void classify() throws IOException {
        assertLine(new ClassifyItem("c-1", "Server down!", List.of(new ClassifyLabel("urgent", "Is it urgent?"),
                new ClassifyLabel("spam", "Is it spam?")), "You triage tickets"),
                "{\"custom_id\":\"c-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"classify\",\"text\":\"Server down!\",\"labels\":[{\"name\":\"urgent\",\"rubric\":"
                + "\"Is it urgent?\"},{\"name\":\"spam\",\"rubric\":\"Is it spam?\"}],"
                + "\"system_prompt\":\"You triage tickets\"}}");
    }

    @Test
    void newlinesAndQuotesInTextStayOnOneLine() throws IOException {
        String written = write(SummarizeItem.of("q", "line1\nline2 \"quoted\" \u00e9\u20ac\ud83d\ude00"));
        assertEquals(1, written.split("\n", -1).length - 1);
        assertEquals("line1\nline2 \"quoted\" \u00e9\u20ac\ud83d\ude00",
                mapper.readTree(written).path("body").path("text").asText());
    }

    @Test
    void sizeIsTheWrittenLength() throws IOException {
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put("party", "a party");
        entities.put("d\u00e4te", "a \"date\"");
        List<BatchItem> items = List.of(
                new SummarizeItem("s-1", "Long text \u00e9\u20ac\ud83d\ude00 \\ done", "one line", 20048),
                SummarizeItem.of("s-2", "t"),
                new ExtractItem("e-1", "text", entities, "strict"),
                new ClassifyItem("c-1", "text", List.of(new ClassifyLabel("a", "A?"), new ClassifyLabel("b", "B?")), "sp"),
                new SummarizeItem("s-3", "tab\tbell\u0007 del\u007f nul\u0000 lone\ud800 \u07ff\u0800\uffff </\\/>",
                        "\"say\"\r\n", null),
                new ClassifyItem("c-2", "\u00fcber \ud83d\ude00", List.of(new ClassifyLabel("\u00e9t\u00e9", "\"Is it?\"\f\b")),
                        "line\u2028sep"));
        for (BatchItem item : items) {
            long actual = write(item).getBytes(StandardCharsets.UTF_8).length;
            assertEquals(actual, BatchItemJson.requestLineBytes(item), item.toString());
        }
    }

    private void assertLine(BatchItem item, String expectedJson) throws IOException {
        String written = write(item);
        assertTrue(written.endsWith("\n"), "line ends with a newline");
        assertEquals(written.indexOf('\n'), written.length() - 1, "exactly one line");
        assertEquals(mapper.readTree(expectedJson), mapper.readTree(written));
    }

    private String write(BatchItem item) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchItemJson.writeRequestLine(item, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
