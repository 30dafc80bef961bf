package xyz.scaledown.camel.reliability;

import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.OutputLineParser;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.model.BatchStatus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of bad answers: an unreadable output line becomes an error item naming the line and the problem while
 * the lines around it are delivered; unreadable status and submit answers raise an error quoting what came back.
 */
class ResponseBadInputCatalogueTest extends ReliabilityWireMockSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:output").to("scaledown:output?batchId=b-1");
                from("direct:status").to("scaledown:status?batchId=b-1");
                from("direct:submit").to("scaledown:submit");
            }
        };
    }

    @ParameterizedTest(name = "output line: {0}")
    @MethodSource("badOutputLines")
    void badOutputLineBecomesAnErrorItemAndTheRestOfTheBatchStands(String name, String badLine, String expectedCustomId,
                                                                   String expectedProblem) {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1/output")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/jsonl")
                .withBody(summaryLine("before") + "\n" + badLine + "\n" + summaryLine("after") + "\n")));

        List<?> items = template.requestBody("direct:output", null, List.class);

        assertEquals(3, items.size(), "every line is an item: none lost around the bad one");
        BatchResultItem before = (BatchResultItem) items.get(0);
        BatchResultItem bad = (BatchResultItem) items.get(1);
        BatchResultItem after = (BatchResultItem) items.get(2);
        assertNull(before.error());
        assertNull(after.error());
        assertEquals("after", after.customId());
        assertTrue(bad.isError(), "the bad line is an error item");
        assertEquals(expectedCustomId, bad.customId());
        String message = bad.error().message();
        assertTrue(message.contains(expectedProblem), "error should name '" + expectedProblem + "': " + message);
        assertTrue(message.contains("line 2"), "error should name the line: " + message);
    }

    static Stream<Arguments> badOutputLines() {
        String good = summaryLine("cut");
        return Stream.of(
                Arguments.of("truncated JSON line", good.substring(0, good.length() / 2), "cut", "not JSON"),
                Arguments.of("content that is not JSON", outputLine("nj", "summarize", "this is prose"), "nj",
                        "content is not valid summarize JSON"),
                Arguments.of("missing choices", "{\"custom_id\":\"nc\",\"response\":{\"status_code\":200,"
                        + "\"body\":{\"model\":\"summarize\"}},\"error\":null}", "nc", "choices[0].message.content"),
                Arguments.of("empty choices", "{\"custom_id\":\"ec\",\"response\":{\"status_code\":200,"
                        + "\"body\":{\"model\":\"summarize\",\"choices\":[]}},\"error\":null}", "ec", "choices[0].message.content"),
                Arguments.of("missing model", "{\"custom_id\":\"nm\",\"response\":{\"status_code\":200,"
                        + "\"body\":{\"choices\":[]}},\"error\":null}", "nm", "missing response.body.model"),
                Arguments.of("unknown model", outputLine("um", "translate", "{}"), "um", "unknown model 'translate'"),
                Arguments.of("an HTML line", "<html><body>502 Bad Gateway</body></html>", null, "not JSON"),
                Arguments.of("a JSON array instead of an object", "[1,2,3]", null, "not a JSON object"),
                Arguments.of("content that is a JSON string", outputLine("cs", "summarize", "\"just text\""), "cs",
                        "content is not a JSON object"));
    }

    @Test
    void statusWithAnUnknownValueIsKeptNotFatal() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1"))
                .willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"paused\",\"eta\":42}")));

        BatchStatus status = template.requestBody("direct:status", null, BatchStatus.class);

        assertEquals("paused", status.status());
        assertEquals(KnownBatchStatus.UNKNOWN, status.knownStatus());
        assertEquals(42, status.additionalFields().get("eta"));
    }

    @Test
    void statusAnsweredWithAnHtmlErrorPageQuotesIt() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));

        Exchange result = template.request("direct:status", exchange -> { });

        String message = failureOf(result);
        assertTrue(message.contains("HTTP 502"), message);
        assertTrue(message.contains("non-JSON response \"<html><body><h1>502 Bad Gateway"), message);
        assertEquals(4, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-1"))).size(), "1 call + 3 retries");
    }

    @Test
    void statusAnsweredWithHtmlAnd200SaysItIsNotTheExpectedJson() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>")));

        String message = failureOf(template.request("direct:status", exchange -> { }));

        assertTrue(message.contains("status failed for batch 'b-1'"), message);
        assertTrue(message.contains("not the expected JSON"), message);
        assertTrue(message.contains("<html>maintenance</html>"), message);
    }

    @Test
    void statusWithAnEmptyBodySaysSo() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(200)));

        String message = failureOf(template.request("direct:status", exchange -> { }));

        assertTrue(message.contains("status failed for batch 'b-1'"), message);
        assertTrue(message.contains("empty body"), message);
    }

    @Test
    void submitAnsweredWithoutBatchIdIsAnError() {
        api.stubFor(post(urlEqualTo("/v1/batches")).willReturn(okJson("{\"status\":\"queued\"}")));

        String message = failureOf(template.request("direct:submit",
                exchange -> exchange.getIn().setBody("{\"model\":\"summarize\",\"text\":\"hello\"}")));

        assertTrue(message.contains("no batch_id"), message);
        assertEquals(1, api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size(), "not retried");
    }

    @Test
    void anApiRefusalOfAnOversizedTextIsRaisedWithStatusAndBodyAndNotRetried() {
        api.stubFor(post(urlEqualTo("/v1/batches")).willReturn(aResponse().withStatus(413)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"payload_too_large\",\"message\":\"line 1: text exceeds the limit\"}}")));
        String hugeText = "word ".repeat(400_000);

        String message = failureOf(template.request("direct:submit", exchange -> {
            exchange.getIn().setHeader(ScaleDownConstants.MODEL, "summarize");
            exchange.getIn().setBody(List.of(java.util.Map.of("model", "summarize", "custom_id", "huge", "text", hugeText)));
        }));

        assertTrue(message.contains("HTTP 413"), message);
        assertTrue(message.contains("text exceeds the limit"), message);
        assertEquals(1, api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size(), "a 4xx is not retried");
    }

    @Test
    void anApiRefusalOfTheBatchContentIsRaisedWithTheApiMessage() {
        api.stubFor(post(urlEqualTo("/v1/batches")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"invalid_request\",\"message\":\"line 1: unknown field 'foo'\"}}")));

        String message = failureOf(template.request("direct:submit",
                exchange -> exchange.getIn().setBody("{\"model\":\"summarize\",\"text\":\"hello\"}")));

        assertTrue(message.contains("HTTP 400"), message);
        assertTrue(message.contains("line 1: unknown field 'foo'"), message);
    }

    @Test
    void outputLineParserNeverThrowsForAnEmptyLine() {
        BatchResultItem item = new OutputLineParser().parse("", 7);

        assertEquals(OutputLineParser.INVALID_LINE, item.error().code());
        assertTrue(item.error().message().contains("line 7"));
    }
}
