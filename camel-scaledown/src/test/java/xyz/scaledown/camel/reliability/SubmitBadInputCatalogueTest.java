package xyz.scaledown.camel.reliability;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of malformed submit bodies: each fails the exchange before any HTTP call, with a message that names
 * the item (position and/or custom id) and the field that is wrong.
 */
class SubmitBadInputCatalogueTest extends ReliabilityWireMockSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyFailsBeforeAnyCallNamingItemAndField(String name, Object body, String[] expectedInMessage) {
        Exchange result = template.request("direct:submit", exchange -> exchange.getIn().setBody(body));

        String message = failureOf(result);
        for (String expected : expectedInMessage) {
            assertTrue(message.contains(expected), "message should name '" + expected + "' but was:\n" + message);
        }
        assertEquals(0, api.findAll(anyRequestedFor(anyUrl())).size(), "no HTTP call may be made for bad input");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                row("null body", null, "needs a body"),
                row("an Integer body", 42, "Integer", "BatchItem"),
                row("a list holding an Integer", List.of(summarize("a"), 7), "item 1", "java.lang.Integer"),
                row("a list holding null", Arrays.asList(summarize("a"), null), "item 1", "null"),
                row("an empty list", List.of(), "at least one item"),
                row("empty text body", "", "text is empty"),
                row("blank text body", "   \n ", "text is empty"),
                row("map without text", map("model", "summarize", "custom_id", "doc-1"), "field 'text'", "missing"),
                row("map with blank text", map("model", "summarize", "custom_id", "doc-1", "text", "  "), "field 'text'"),
                row("map with null text", map("model", "summarize", "custom_id", "doc-1", "text", null), "field 'text'"),
                row("map with numeric text", map("model", "summarize", "text", 42), "field 'text'", "string"),
                row("map without model", map("custom_id", "doc-1", "text", "hello"), "field 'model' is missing"),
                row("unknown model", map("model", "translate", "text", "hello"), "item 0", "unknown model 'translate'"),
                row("extract with empty entities", map("model", "extract", "text", "t", "entities", Map.of()), "field 'entities'"),
                row("extract without entities", map("model", "extract", "text", "t"), "field 'entities'"),
                row("extract entity with blank description",
                        map("model", "extract", "text", "t", "entities", Map.of("company", " ")), "entities", "company"),
                row("extract with more than 1000 entities",
                        map("model", "extract", "text", "t", "entities", manyEntities(1001)), "entities", "1000"),
                row("classify with empty labels", map("model", "classify", "text", "t", "labels", List.of()), "field 'labels'"),
                row("classify label without rubric",
                        map("model", "classify", "text", "t", "labels", List.of(Map.of("name", "billing"))), "labels", "billing", "rubric"),
                row("classify label without name",
                        map("model", "classify", "text", "t", "labels", List.of(Map.of("rubric", "About money?"))), "labels", "name"),
                row("classify labels not a list", map("model", "classify", "text", "t", "labels", 5), "field 'labels'"),
                row("max_tokens zero", map("model", "summarize", "text", "t", "max_tokens", 0), "max_tokens", "positive"),
                row("max_tokens not a number", map("model", "summarize", "text", "t", "max_tokens", "many"), "max_tokens", "integer"),
                row("duplicate custom_id in a list", List.of(summarize("dup"), summarize("dup")),
                        "item 1", "custom_id 'dup'", "duplicates"),
                row("typed summarize item with null text", new SummarizeItem("s-1", null, null, null),
                        "item 0", "custom_id 's-1'", "field 'text'"),
                row("typed extract item with null entities", new ExtractItem("e-1", "text", null, null),
                        "custom_id 'e-1'", "field 'entities'"),
                row("typed classify item with a null rubric",
                        new ClassifyItem("c-1", "text", List.of(new ClassifyLabel("billing", null)), null),
                        "custom_id 'c-1'", "labels[0].rubric"),
                row("typed classify item with duplicate label names",
                        new ClassifyItem("c-2", "text", List.of(new ClassifyLabel("a", "A?"), new ClassifyLabel("a", "B?")), null),
                        "custom_id 'c-2'", "labels[1].name", "duplicates"),
                row("invalid JSON text", "{\"model\":\"summarize\",\"text\":", "not valid JSON"),
                row("JSON Lines with a broken second line",
                        "{\"model\":\"summarize\",\"text\":\"a\"}\n{\"model\":\"summarize\",\"text\":\n", "line 2", "not valid JSON"),
                row("JSON array holding a number", "[{\"model\":\"summarize\",\"text\":\"a\"}, 3]", "item 1", "JSON object"),
                row("JSON Lines as bytes with a line that is a string",
                        "\"just a string\"\n".getBytes(StandardCharsets.UTF_8), "line 1", "JSON object"),
                row("request line with method GET",
                        map("custom_id", "r-1", "method", "GET", "url", "/v1/chat/completions",
                                "body", Map.of("model", "summarize", "text", "t")), "field 'method'", "GET"),
                row("request line with a wrong url",
                        map("custom_id", "r-1", "method", "POST", "url", "/v2/other",
                                "body", Map.of("model", "summarize", "text", "t")), "field 'url'", "/v2/other"),
                row("request line whose body is a string", map("custom_id", "r-1", "body", "summarize this"), "field 'body'"),
                row("invalid UTF-8 bytes", invalidUtf8JsonLine(), "UTF-8"),
                row("invalid UTF-8 stream", new ByteArrayInputStream(invalidUtf8JsonLine()), "UTF-8"));
    }

    private static Arguments row(String name, Object body, String... expected) {
        return Arguments.of(name, body, expected);
    }

    private static SummarizeItem summarize(String customId) {
        return SummarizeItem.of(customId, "Some text to summarize.");
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static Map<String, String> manyEntities(int count) {
        Map<String, String> entities = new HashMap<>();
        IntStream.range(0, count).forEach(i -> entities.put("label" + i, "description " + i));
        return entities;
    }

    /** A JSON line whose text holds 0xC3 0x28, which is not UTF-8. */
    private static byte[] invalidUtf8JsonLine() {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : "{\"model\":\"summarize\",\"custom_id\":\"u-1\",\"text\":\"caf".getBytes(StandardCharsets.US_ASCII)) {
            bytes.add(b);
        }
        bytes.add((byte) 0xC3);
        bytes.add((byte) 0x28);
        for (byte b : "\"}\n".getBytes(StandardCharsets.US_ASCII)) {
            bytes.add(b);
        }
        byte[] result = new byte[bytes.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = bytes.get(i);
        }
        return result;
    }
}
