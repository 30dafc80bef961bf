package xyz.scaledown.camel.reliability;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link ScaleDownException} never holds the API key, in its message, its causes' messages or its response body,
 * on each path that makes one, when the API echoes the key.
 */
class ScaleDownExceptionKeyTest extends ReliabilityWireMockSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?maxRetries=0");
                from("direct:status").to("scaledown:status?batchId=b-1&maxRetries=0");
                from("direct:output").to("scaledown:output?batchId=b-1&maxRetries=0");
            }
        };
    }

    private ScaleDownException failure(String endpoint) {
        Exchange exchange = template.request(endpoint,
                e -> e.getIn().setBody("{\"model\":\"summarize\",\"text\":\"hello\"}"));
        Throwable error = exchange.getException();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ScaleDownException sd) {
                return sd;
            }
        }
        throw new AssertionError("no ScaleDownException: " + error);
    }

    private static void assertKeyAbsent(ScaleDownException e) {
        String chain = messageChain(e);
        assertFalse(chain.contains(API_KEY), chain);
        assertTrue(e.getResponseBody() == null || !e.getResponseBody().contains(API_KEY), e.getResponseBody());
    }

    @Test
    void aNon2xxAnswerEchoingTheKey() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"bad key " + API_KEY + "\"}")));
        ScaleDownException e = failure("direct:status");
        assertEquals(401, e.getStatusCode());
        assertTrue(e.getResponseBody().contains("bad key ******"), e.getResponseBody());
        assertKeyAbsent(e);
    }

    @Test
    void anUnreadable2xxStatusEchoingTheKey() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(200)
                .withBody("Welcome " + API_KEY + " <html>")));
        ScaleDownException e = failure("direct:status");
        assertEquals(200, e.getStatusCode());
        assertTrue(e.getMessage().contains("not the expected JSON"), e.getMessage());
        assertTrue(e.getResponseBody().contains("Welcome ******"), e.getResponseBody());
        assertKeyAbsent(e);
    }

    @Test
    void anUnreadable2xxJsonSubmitAnswerEchoingTheKey() {
        api.stubFor(post(urlEqualTo("/v1/batches")).willReturn(okJson("{\"batch_id\":[\"" + API_KEY + "\"]}")));
        ScaleDownException e = failure("direct:submit");
        assertEquals("submit", e.getOperation());
        assertKeyAbsent(e);
    }

    @Test
    void aSubmitAnswerWithoutBatchIdEchoingTheKey() {
        api.stubFor(post(urlEqualTo("/v1/batches")).willReturn(okJson("{\"status\":\"queued\",\"key\":\"" + API_KEY
                                                                      + "\"}")));
        ScaleDownException e = failure("direct:submit");
        assertTrue(e.getMessage().contains("no batch_id"), e.getMessage());
        assertKeyAbsent(e);
    }

    @Test
    void anOutputRefusedWithAnHtmlPageEchoingTheKey() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1/output")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "text/html").withBody("<html>forbidden for " + API_KEY + "</html>")));
        ScaleDownException e = failure("direct:output");
        assertEquals(403, e.getStatusCode());
        assertKeyAbsent(e);
    }

    @Test
    void aRetryableAnswerEchoingTheKeyThatRunsOutOfRetries() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(503)
                .withBody("busy " + API_KEY)));
        ScaleDownException e = failure("direct:status");
        assertTrue(e.isRetryable());
        assertKeyAbsent(e);
    }

    @Test
    void anUnreadableOutputLineEchoingTheKeyIsAnErrorItemWithTheKeyMasked() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1/output")).willReturn(aResponse().withStatus(200)
                .withBody("{\"custom_id\":\"c-1\",\"response\":{" + API_KEY + "\n")));
        Exchange exchange = template.request("direct:output", e -> { });
        java.util.List<?> items = assertInstanceOf(java.util.List.class, exchange.getMessage().getBody());
        String item = items.get(0).toString();
        assertTrue(item.contains("invalid_output_line") && item.contains("******"), item);
        assertFalse(item.contains(API_KEY), item);
    }
}
