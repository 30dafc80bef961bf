package xyz.scaledown.camel.batching;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemParametersTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void plainTextTakesModelAndParametersFromHeaders() {
        BatchItem summarize = new ItemParameters().textItem("body", message(Map.of(ScaleDownConstants.MODEL, "summarize",
                ScaleDownConstants.MAX_TOKENS, "150", ScaleDownConstants.INSTRUCTIONS, "brief")));
        assertEquals(new SummarizeItem(null, "body", "brief", 150), summarize);

        BatchItem extract = new ItemParameters().textItem("body", message(Map.of(ScaleDownConstants.MODEL, "extract",
                ScaleDownConstants.ENTITIES, "person: a human name; date:a date, as: written")));
        assertEquals(Map.of("person", "a human name", "date", "a date, as: written"), ((ExtractItem) extract).entities());

        BatchItem extractJson = new ItemParameters().textItem("body", message(Map.of(ScaleDownConstants.MODEL, "extract",
                ScaleDownConstants.ENTITIES, "{\"org\":\"a company\"}")));
        assertEquals(Map.of("org", "a company"), ((ExtractItem) extractJson).entities());
    }

    @Test
    void aHeaderOverridesTheOptionAndTheOptionFillsWhatNoHeaderSets() {
        ItemParameters options = new ItemParameters().model("summarize").instructions("from the option").maxTokens(99)
                .entities("person:a name");
        assertEquals(new SummarizeItem(null, "t", "from the option", 99), options.textItem("t", message(Map.of())));
        assertEquals(new SummarizeItem(null, "t", "from the header", 99), options.textItem("t",
                message(Map.of(ScaleDownConstants.INSTRUCTIONS, "from the header"))));
        assertEquals(new ExtractItem(null, "t", Map.of("person", "a name"), "from the option"), options.textItem("t",
                message(Map.of(ScaleDownConstants.MODEL, "extract"))));
    }

    @Test
    void plainTextClassifyAcceptsEveryLabelShape() {
        List<ClassifyLabel> expected = List.of(new ClassifyLabel("spam", "Is it spam?"), new ClassifyLabel("ham", "Is it not?"));
        Map<String, String> byName = new LinkedHashMap<>();
        byName.put("spam", "Is it spam?");
        byName.put("ham", "Is it not?");
        Object[] shapes = {
                expected,
                List.of(Map.of("name", "spam", "rubric", "Is it spam?"), Map.of("name", "ham", "rubric", "Is it not?")),
                byName,
                "spam:Is it spam?;ham:Is it not?",
                "[{\"name\":\"spam\",\"rubric\":\"Is it spam?\"},{\"name\":\"ham\",\"rubric\":\"Is it not?\"}]",
                "{\"spam\":\"Is it spam?\",\"ham\":\"Is it not?\"}",
        };
        for (Object shape : shapes) {
            ClassifyItem fromHeader = (ClassifyItem) new ItemParameters().textItem("buy now", message(Map.of(
                    ScaleDownConstants.MODEL, "classify", ScaleDownConstants.LABELS, shape,
                    ScaleDownConstants.SYSTEM_PROMPT, "sp")));
            assertEquals(expected, fromHeader.labels(), () -> "header shape " + shape);
            assertEquals("sp", fromHeader.systemPrompt());
            ClassifyItem fromOption = (ClassifyItem) new ItemParameters().model("classify").labels(shape)
                    .textItem("buy now", message(Map.of()));
            assertEquals(expected, fromOption.labels(), () -> "option shape " + shape);
        }
    }

    @Test
    void errorsNameTheHeaderOrTheOption() {
        assertTrue(error(() -> new ItemParameters().textItem("x", message(Map.of())))
                .startsWith("header 'CamelScaleDownModel' is missing"));
        assertTrue(error(() -> new ItemParameters().textItem("x", message(Map.of(ScaleDownConstants.MODEL, "classify"))))
                .startsWith("header 'CamelScaleDownLabels' is missing: model classify needs it"));
        assertTrue(error(() -> new ItemParameters().textItem("x", message(Map.of(ScaleDownConstants.MODEL, "summarize",
                ScaleDownConstants.MAX_TOKENS, "many")))).startsWith("header 'CamelScaleDownMaxTokens' must be an integer"));
        assertEquals("header 'CamelScaleDownEntities': 'person' has no ':'; expected label:description;label2:description2",
                error(() -> new ItemParameters().textItem("x", message(Map.of(ScaleDownConstants.MODEL, "extract",
                        ScaleDownConstants.ENTITIES, "person")))));
        assertEquals("option 'labels': 'spam' has no ':'; expected name:rubric;name2:rubric2",
                error(() -> new ItemParameters().labels("spam")));
        assertTrue(error(() -> new ItemParameters().model("translate")).startsWith("option 'model': unknown model"));
    }

    private Message message(Map<String, Object> headers) {
        DefaultExchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        return exchange.getMessage();
    }

    private static String error(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }
}
