package xyz.scaledown.camel.batching;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractResult;
import xyz.scaledown.camel.model.ExtractedEntity;
import xyz.scaledown.camel.model.ResultError;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.model.SummarizeResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchItemConvertersTest extends CamelTestSupport {

    @Test
    void generatedLoaderIsRegisteredAsAService() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/org/apache/camel/TypeConverterLoader")) {
            String services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(services.contains(BatchItemConverters.class.getName() + "Loader"), services);
        }
    }

    @Test
    void mapConvertsThroughTheContextTypeConverter() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        BatchItem item = context.getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange,
                Map.of("model", "summarize", "text", "hello", "custom_id", "m1"));
        assertEquals(SummarizeItem.of("m1", "hello"), item);
    }

    @Test
    void stringIsJsonUnlessTheModelHeaderIsSet() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        assertEquals(SummarizeItem.of("j", "from json"), context.getTypeConverter().mandatoryConvertTo(BatchItem.class,
                exchange, "{\"model\":\"summarize\",\"text\":\"from json\",\"custom_id\":\"j\"}"));

        exchange.getMessage().setHeader(ScaleDownConstants.MODEL, "classify");
        exchange.getMessage().setHeader(ScaleDownConstants.LABELS, "spam:Is it spam?");
        assertEquals(new ClassifyItem(null, "{not json, just text}", List.of(new ClassifyLabel("spam", "Is it spam?")), null),
                context.getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, "{not json, just text}"));
    }

    @Test
    void bytesAndStreamsAreDecodedAsStrictUtf8() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(ScaleDownConstants.MODEL, "summarize");
        byte[] utf8 = "café".getBytes(StandardCharsets.UTF_8);
        assertEquals("café", context.getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, utf8).text());
        assertEquals("café", context.getTypeConverter()
                .mandatoryConvertTo(BatchItem.class, exchange, new ByteArrayInputStream(utf8)).text());

        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        TypeConversionException error = assertThrows(TypeConversionException.class,
                () -> context.getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, latin1));
        assertEquals("the message body is not valid UTF-8 text: malformed byte at offset 3",
                error.getCause().getMessage());
    }

    @Test
    void invalidJsonWithoutModelHeaderSuggestsTheHeader() {
        Exchange exchange = new DefaultExchange(context);
        TypeConversionException error = assertThrows(TypeConversionException.class,
                () -> context.getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, "just words"));
        assertTrue(error.getCause().getMessage().startsWith("item 0: not valid JSON"), error.getCause().getMessage());
        assertTrue(error.getCause().getMessage().contains("set header 'CamelScaleDownModel'"));
    }

    @Test
    void typedValuesBecomeJsonText() throws Exception {
        assertEquals("{\"summary\":\"s\",\"input_chars\":10,\"output_chars\":1}",
                context.getTypeConverter().mandatoryConvertTo(String.class, new SummarizeResult("s", 10, 1)));
        assertEquals("{\"custom_id\":\"c\",\"model\":\"summarize\",\"status_code\":500,\"content\":null,"
                + "\"error\":{\"code\":\"boom\",\"message\":\"it broke\"}}",
                context.getTypeConverter().mandatoryConvertTo(String.class,
                        new BatchResultItem("c", "summarize", 500, null, new ResultError("boom", "it broke"))));
        assertEquals("{\"custom_id\":\"i\",\"model\":\"summarize\",\"text\":\"t\",\"max_tokens\":5}",
                context.getTypeConverter().mandatoryConvertTo(String.class, new SummarizeItem("i", "t", null, 5)));
        assertEquals("{\"batch_id\":\"b\",\"status\":\"queued\",\"total_count\":3}",
                context.getTypeConverter().mandatoryConvertTo(String.class, new BatchSubmission("b", "queued", 3)));
        assertEquals("{\"batch_id\":\"b\",\"status\":\"processing\",\"done\":2}",
                context.getTypeConverter().mandatoryConvertTo(String.class,
                        new BatchStatus("b", "processing").with("done", 2)));
    }

    /** What file, JMS, Kafka and HTTP endpoints ask a body for: none of them asks for String, so each needs its own. */
    @Test
    void everyResultAndErrorItemConvertsToTextBytesAndStream() throws Exception {
        List<Object> values = List.of(new SummarizeResult("s", 10, 1),
                new ExtractResult(List.of(new ExtractedEntity("party", "Acme", 0.9, 0, 4))),
                new ClassifyResult("billing", Map.of("billing", 0.8), "money", null),
                new BatchResultItem("c", "summarize", 422, null, new ResultError("unprocessable", "no text")),
                new BatchSubmission("b", "queued", 3), new BatchStatus("b", "processing"),
                SummarizeItem.of("i", "t"));
        for (Object value : values) {
            String json = context.getTypeConverter().mandatoryConvertTo(String.class, value);
            assertTrue(json.startsWith("{"), json);
            assertEquals(json, new String(context.getTypeConverter().mandatoryConvertTo(byte[].class, value),
                    StandardCharsets.UTF_8), value.getClass().getSimpleName() + " as byte[]");
            try (InputStream in = context.getTypeConverter().mandatoryConvertTo(InputStream.class, value)) {
                assertEquals(json, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        value.getClass().getSimpleName() + " as InputStream");
            }
        }
    }
}
