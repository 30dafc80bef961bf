package xyz.scaledown.camel.batching;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchItemReaderTest {

    @Test
    void readsBareSummarizeWithCamelCaseAliases() {
        BatchItem item = BatchItemReader.fromMap(
                Map.of("model", "summarize", "text", "long text", "customId", "a1", "maxTokens", 200,
                        "instructions", "short"), 0);
        assertEquals(new SummarizeItem("a1", "long text", "short", 200), item);
    }

    @Test
    void readsRequestLineForm() {
        BatchItem item = BatchItemReader.fromJson("""
                {"custom_id":"c-7","method":"POST","url":"/v1/chat/completions",
                 "body":{"model":"classify","text":"refund please","system_prompt":"be strict",
                         "labels":[{"name":"refund","rubric":"Does it ask for a refund?"}]}}""", 3);
        assertEquals(new ClassifyItem("c-7", "refund please",
                List.of(new ClassifyLabel("refund", "Does it ask for a refund?")), "be strict"), item);
    }

    @Test
    void customIdMayBeAbsent() {
        BatchItem item = BatchItemReader.fromMap(
                Map.of("model", "extract", "text", "Ada", "entities", Map.of("person", "a name")), 0);
        assertNull(item.customId());
        assertEquals(Map.of("person", "a name"), ((ExtractItem) item).entities());
    }

    @Test
    void errorsNameTheItemAndTheField() {
        assertEquals("item 2: field 'model' is missing",
                error(() -> BatchItemReader.fromMap(Map.of("text", "x"), 2)));
        assertEquals("item 0: field 'entities' must be an object of label -> description",
                error(() -> BatchItemReader.fromMap(Map.of("model", "extract", "text", "x", "entities", List.of()), 0)));
        assertEquals("item 1: unknown model 'sumarize': expected one of summarize, extract, classify",
                error(() -> BatchItemReader.fromMap(Map.of("model", "sumarize", "text", "x"), 1)));
        assertEquals("item 0: field 'max_tokens' must be an integer but was 2.5",
                error(() -> BatchItemReader.fromMap(Map.of("model", "summarize", "text", "x", "max_tokens", 2.5), 0)));
        assertEquals("item 4: field 'labels' must be a list of {\"name\", \"rubric\"} but was the number 3",
                error(() -> BatchItemReader.fromMap(Map.of("model", "classify", "text", "x", "labels", 3), 4)));
        assertEquals("item 0: field 'labels': the rubric of label 0 must be a string but was the number 7",
                error(() -> BatchItemReader.fromMap(Map.of("model", "classify", "text", "x",
                        "labels", List.of(Map.of("name", "a", "rubric", 7))), 0)));
        assertEquals("item 0: field 'text' must be a string but was the number 5",
                error(() -> BatchItemReader.fromMap(Map.of("model", "summarize", "text", 5), 0)));
    }

    @Test
    void leavesContentRulesToTheValidatorSoTheyLiveInOnePlace() {
        ClassifyItem blankRubric = (ClassifyItem) BatchItemReader.fromMap(Map.of("model", "classify", "text", "x",
                "labels", List.of(Map.of("name", "a", "rubric", " "))), 0);
        assertEquals(" ", blankRubric.labels().get(0).rubric());
        assertNull(BatchItemReader.fromMap(Map.of("model", "summarize"), 0).text());
    }

    @Test
    void jsonLinesSkipBlankLinesAndNameTheLine() {
        String jsonl = """
                {"model":"summarize","text":"one"}

                {"model":"summarize","text":"two","custom_id":"b"}
                """;
        List<BatchItem> items = BatchItemReader.fromJsonLines(new StringReader(jsonl));
        assertEquals(List.of(SummarizeItem.of(null, "one"), SummarizeItem.of("b", "two")), items);

        String bad = "{\"model\":\"summarize\",\"text\":\"a\"}\n\n\n{oops\n";
        String message = error(() -> BatchItemReader.fromJsonLines(new StringReader(bad)));
        assertEquals(true, message.startsWith("line 4: not valid JSON: "), message);
        assertEquals("line 2: field 'model' is missing",
                error(() -> BatchItemReader.fromJsonLines(new StringReader("{\"model\":\"extract\",\"text\":\"a\","
                        + "\"entities\":{\"p\":\"q\"}}\n{\"text\":\"b\"}"))));
    }

    @Test
    void jsonTextDispatchesArrayObjectAndLines() {
        assertEquals(2, BatchItemReader.fromJsonText(
                "[{\"model\":\"summarize\",\"text\":\"a\"},{\"model\":\"summarize\",\"text\":\"b\"}]").size());
        assertEquals(List.of(SummarizeItem.of("p", "pretty")), BatchItemReader.fromJsonText("""
                {
                  "custom_id": "p",
                  "model": "summarize",
                  "text": "pretty"
                }"""));
        assertEquals(3, BatchItemReader.fromJsonText("""
                {"model":"summarize","text":"a"}
                {"model":"summarize","text":"b"}
                {"model":"summarize","text":"c"}""").size());
        assertEquals("item 1: field 'model' is missing",
                error(() -> BatchItemReader.fromJsonText("[{\"model\":\"summarize\",\"text\":\"a\"},{\"text\":\"b\"}]")));
    }

    @Test
    void plainTextTakesModelAndParametersFromHeaders() {
        BatchItem summarize = BatchItemReader.fromText("body", Map.of(ScaleDownConstants.MODEL, "summarize",
                ScaleDownConstants.MAX_TOKENS, "150", ScaleDownConstants.INSTRUCTIONS, "brief", ScaleDownConstants.CUSTOM_ID, 42));
        assertEquals(new SummarizeItem("42", "body", "brief", 150), summarize);

        BatchItem extract = BatchItemReader.fromText("body", Map.of(ScaleDownConstants.MODEL, "extract",
                ScaleDownConstants.ENTITIES, "person: a human name; date:a date, as: written"));
        assertEquals(Map.of("person", "a human name", "date", "a date, as: written"), ((ExtractItem) extract).entities());

        BatchItem extractJson = BatchItemReader.fromText("body", Map.of(ScaleDownConstants.MODEL, "extract",
                ScaleDownConstants.ENTITIES, "{\"org\":\"a company\"}"));
        assertEquals(Map.of("org", "a company"), ((ExtractItem) extractJson).entities());
    }

    @Test
    void plainTextClassifyAcceptsEveryLabelShape() {
        List<ClassifyLabel> expected = List.of(new ClassifyLabel("spam", "Is it spam?"), new ClassifyLabel("ham", "Is it not?"));
        Object[] shapes = {
                expected,
                List.of(Map.of("name", "spam", "rubric", "Is it spam?"), Map.of("name", "ham", "rubric", "Is it not?")),
                new java.util.LinkedHashMap<>(Map.of("spam", "Is it spam?")) {
                    {
                        put("ham", "Is it not?");
                    }
                },
                "spam:Is it spam?;ham:Is it not?",
                "[{\"name\":\"spam\",\"rubric\":\"Is it spam?\"},{\"name\":\"ham\",\"rubric\":\"Is it not?\"}]",
        };
        for (Object shape : shapes) {
            ClassifyItem item = (ClassifyItem) BatchItemReader.fromText("buy now",
                    Map.of(ScaleDownConstants.MODEL, "classify", ScaleDownConstants.LABELS, shape,
                            ScaleDownConstants.SYSTEM_PROMPT, "sp"));
            assertEquals(expected, item.labels(), () -> "shape " + shape);
            assertEquals("sp", item.systemPrompt());
        }
    }

    @Test
    void plainTextErrorsNameTheHeader() {
        assertEquals(true, error(() -> BatchItemReader.fromText("x", Map.of()))
                .startsWith("header 'CamelScaleDownModel' is missing"));
        assertEquals("header 'CamelScaleDownLabels' is missing: model classify needs it",
                error(() -> BatchItemReader.fromText("x", Map.of(ScaleDownConstants.MODEL, "classify"))));
        assertEquals("header 'CamelScaleDownMaxTokens' must be an integer but was a string",
                error(() -> BatchItemReader.fromText("x",
                        Map.of(ScaleDownConstants.MODEL, "summarize", ScaleDownConstants.MAX_TOKENS, "many"))));
        assertEquals("header 'CamelScaleDownEntities': 'person' has no ':'; expected label:description;label2:description2",
                error(() -> BatchItemReader.fromText("x",
                        Map.of(ScaleDownConstants.MODEL, "extract", ScaleDownConstants.ENTITIES, "person"))));
    }

    @Test
    void writerOutputReadsBackToTheSameItem() {
        List<BatchItem> items = List.of(new SummarizeItem("s", "t \"q\"", "i", 10),
                new ExtractItem("e", "t", Map.of("a", "b"), "ins"),
                new ClassifyItem("c", "t", List.of(new ClassifyLabel("n", "r")), null));
        for (int i = 0; i < items.size(); i++) {
            assertEquals(items.get(i), BatchItemReader.fromJson(BatchItemWriter.toJson(items.get(i)), i));
        }
    }

    private static String error(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }
}
