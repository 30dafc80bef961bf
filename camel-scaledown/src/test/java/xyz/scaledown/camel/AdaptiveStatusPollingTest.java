package xyz.scaledown.camel;

import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch reported {@code processing} for 12 s to a consumer with {@code delay=100}: its status is asked after a tenth
 * of its age (at least the delay), so it gets at most 40 status calls instead of one per delay (about 120), and its
 * results still arrive soon after it completes.
 */
class AdaptiveStatusPollingTest extends WireMockCamelTestSupport {

    private static final long PROCESSING_MILLIS = 12_000;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?model=summarize");
                from("scaledown:results?delay=100").routeId("results").to("mock:results");
            }
        };
    }

    @Test
    void aLongBatchGetsAtMostFortyStatusCallsAndItsResults() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-long\",\"status\":\"queued\",\"total_count\":1}")));
        api.stubFor(get("/v1/batches/b-long").willReturn(okJson("{\"batch_id\":\"b-long\",\"status\":\"processing\"}")));
        api.stubFor(get("/v1/batches/b-long/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("doc-1", "summarize", "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}") + "\n")));
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "doc-1");
        // a loose bound: the wait for the result after completion, not a timing the test measures
        results.setResultWaitTime(10_000);

        template.sendBodyAndHeaders("direct:submit", "A text long enough to summarize.",
                Map.of(ScaleDownConstants.CUSTOM_ID, "doc-1"));
        Thread.sleep(PROCESSING_MILLIS);
        api.stubFor(get("/v1/batches/b-long").willReturn(okJson("{\"batch_id\":\"b-long\",\"status\":\"completed\"}")));

        results.assertIsSatisfied();
        int statusCalls = api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-long"))).size();
        assertTrue(statusCalls <= 40, "status calls while processing for 12 s at delay=100: " + statusCalls);
    }
}
