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
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A batch submitted on the tracker a results consumer watches is polled right away, not a {@code delay} later: with
 * an initial delay and a delay of ten minutes, its result can only arrive within the test's time by the wake.
 */
class SubmitWakesResultsConsumerTest extends WireMockCamelTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?model=summarize");
                from("scaledown:results?initialDelay=600000&delay=600000").routeId("results").to("mock:results");
            }
        };
    }

    @Test
    void aSubmittedBatchIsPolledRightAwayAndOnlyOnce() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-w\",\"status\":\"queued\",\"total_count\":1}")));
        api.stubFor(get("/v1/batches/b-w").willReturn(okJson("{\"batch_id\":\"b-w\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-w/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("doc-1", "summarize", "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}") + "\n")));
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "doc-1");
        results.setResultWaitTime(10_000);

        template.sendBodyAndHeaders("direct:submit", "A text long enough to summarize.",
                Map.of(ScaleDownConstants.CUSTOM_ID, "doc-1"));

        results.assertIsSatisfied();
        assertEquals(1, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-w"))).size());
    }
}
