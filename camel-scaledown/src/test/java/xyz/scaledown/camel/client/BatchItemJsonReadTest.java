package xyz.scaledown.camel.client;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchItemJsonReadTest {

    @Test
    void readsBareSummarizeWithCamelCaseAliases() {
        BatchItem item = BatchItemJson.read(Map.of("model", "summarize", "text", "long text", "customId", "a1",
                "maxTokens", 200, "instructions", "short"), "item 0");
        assertEquals(new SummarizeItem("a1", "long text", "short", 200), item);
    }

    @Test
    void readsRequestLineForm() {
        BatchItem item = BatchItemJson.readJson("""
                {"custom_id":"c-7","method":"POST","url":"/v1/chat/completions",
                 "body":{"model":"classify","text":"refund please","system_prompt":"be strict",
                         "labels":[{"name":"refund","rubric":"Does it ask for a refund?"}]}}""", "item 3");
        assertEquals(new ClassifyItem("c-7", "refund please",
                List.of(new ClassifyLabel("refund", "Does it ask for a refund?")), "be strict"), item);
    }

    @Test
    void customIdMayBeAbsent() {
        BatchItem item = BatchItemJson.read(Map.of("model", "extract", "text", "Ada",
                "entities", Map.of("person", "a name")), "item 0");
        assertNull(item.customId());
        assertEquals(Map.of("person", "a name"), ((ExtractItem) item).entities());
    }

    @Test
    void errorsNameTheItemAndTheField() {
        assertEquals("item 2: field 'model' is missing", error(() -> BatchItemJson.read(Map.of("text", "x"), "item 2")));
        assertStarts("item 0: field 'entities' must be an object of label -> description", error(() ->
                BatchItemJson.read(Map.of("model", "extract", "text", "x", "entities", List.of()), "item 0")));
        assertEquals("item 1: field 'model': unknown model 'sumarize': expected one of summarize, extract, classify",
                error(() -> BatchItemJson.read(Map.of("model", "sumarize", "text", "x"), "item 1")));
        assertStarts("item 0: field 'max_tokens' must be an integer", error(() ->
                BatchItemJson.read(Map.of("model", "summarize", "text", "x", "max_tokens", 2.5), "item 0")));
        assertStarts("item 0: field 'max_tokens' must be an integer", error(() ->
                BatchItemJson.read(Map.of("model", "summarize", "text", "x", "max_tokens", "many"), "item 0")));
        assertStarts("item 4: field 'labels' must be a list", error(() ->
                BatchItemJson.read(Map.of("model", "classify", "text", "x", "labels", 3), "item 4")));
        assertStarts("item 0: field 'labels[0].rubric' must be a string", error(() ->
                BatchItemJson.read(Map.of("model", "classify", "text", "x",
                        "labels", List.of(Map.of("name", "a", "rubric", 7))), "item 0")));
        assertStarts("item 0: field 'text' must be a string", error(() ->
                BatchItemJson.read(Map.of("model", "summarize", "text", 5), "item 0")));
    }

    @Test
    void leavesContentRulesToTheValidatorSoTheyLiveInOnePlace() {
        ClassifyItem blankRubric = (ClassifyItem) BatchItemJson.read(Map.of("model", "classify", "text", "x",
                "labels", List.of(Map.of("name", "a", "rubric", " "))), "item 0");
        assertEquals(" ", blankRubric.labels().get(0).rubric());
        assertNull(BatchItemJson.read(Map.of("model", "summarize"), "item 0").text());
    }

    @Test
    void jsonLinesSkipBlankLinesAndNameTheItemAndLine() {
        String jsonl = """
                {"model":"summarize","text":"one"}

                {"model":"summarize","text":"two","custom_id":"b"}
                """;
        assertEquals(List.of(SummarizeItem.of(null, "one"), SummarizeItem.of("b", "two")), readAll(jsonl));

        String message = error(() -> readAll("{\"model\":\"summarize\",\"text\":\"a\"}\n\n\n{oops\n"));
        assertStarts("item 1 (line 4): not valid JSON: ", message);
        assertEquals("item 1 (line 2): field 'model' is missing",
                error(() -> readAll("{\"model\":\"extract\",\"text\":\"a\",\"entities\":{\"p\":\"q\"}}\n{\"text\":\"b\"}")));
    }

    @Test
    void readsAnArrayAPrettyObjectAndLinesThroughOneIterator() {
        assertEquals(2, readAll("[{\"model\":\"summarize\",\"text\":\"a\"},{\"model\":\"summarize\",\"text\":\"b\"}]")
                .size());
        assertEquals(List.of(SummarizeItem.of("p", "pretty")), readAll("""
                {
                  "custom_id": "p",
                  "model": "summarize",
                  "text": "pretty"
                }"""));
        assertEquals(3, readAll("""
                {"model":"summarize","text":"a"}
                {"model":"summarize","text":"b"}
                {"model":"summarize","text":"c"}""").size());
        assertStarts("item 1", error(() -> readAll("[{\"model\":\"summarize\",\"text\":\"a\"},{\"text\":\"b\"}]")));
        assertTrue(error(() -> readAll("[{\"model\":\"summarize\",\"text\":\"a\"},{\"text\":\"b\"}]"))
                .endsWith("field 'model' is missing"));
    }

    @Test
    void theBareFormWrittenReadsBackToTheSameItem() {
        List<BatchItem> items = List.of(new SummarizeItem("s", "t \"q\"", "i", 10),
                new ExtractItem("e", "t", Map.of("a", "b"), "ins"),
                new ClassifyItem("c", "t", List.of(new ClassifyLabel("n", "r")), null));
        for (BatchItem item : items) {
            assertEquals(item, BatchItemJson.readJson(BatchItemJson.toJson(item), "item 0"));
        }
        assertEquals("{\"custom_id\":\"s\",\"model\":\"summarize\",\"text\":\"t\"}",
                BatchItemJson.toJson(SummarizeItem.of("s", "t")));
    }

    private static List<BatchItem> readAll(String json) {
        List<BatchItem> items = new ArrayList<>();
        BatchItemJson.readAll(new StringReader(json), items::add);
        return items;
    }

    private static void assertStarts(String expected, String actual) {
        assertTrue(actual.startsWith(expected), () -> "expected to start with\n" + expected + "\nbut was\n" + actual);
    }

    private static String error(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }
}
