package xyz.scaledown.camel.operations;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.WireMockCamelTestSupport;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.BatchTracker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The Micrometer meters count what went through: items submitted, results by model, error items by code, batches by
 * state, API calls by operation and outcome, retries.
 */
class ScaleDownMetricsTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"Short.\",\"input_chars\":40,\"output_chars\":6}";
    private static final String CLASSES = "{\"top_label\":\"refund\",\"scores\":{\"refund\":0.8},\"reasoning\":\"asks\"}";

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("meters", meters);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?delay=20&initialDelay=0").to("mock:results");
            }
        };
    }

    @Test
    void countsEqualTheItemsDeliveredAndTheErrorItemsByCode() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-m\",\"status\":\"queued\",\"total_count\":6}")));
        api.stubFor(get("/v1/batches/b-m").inScenario("status").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("processing"));
        api.stubFor(get("/v1/batches/b-m").inScenario("status").whenScenarioStateIs("processing")
                .willReturn(okJson("{\"batch_id\":\"b-m\",\"status\":\"processing\"}")).willSetStateTo("done"));
        api.stubFor(get("/v1/batches/b-m").inScenario("status").whenScenarioStateIs("done")
                .willReturn(okJson("{\"batch_id\":\"b-m\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-m/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("doc-1", "summarize", SUMMARY) + "\n" + outputLine("doc-2", "summarize", SUMMARY) + "\n"
                + outputLine("doc-3", "classify", CLASSES) + "\n"
                + errorLine("doc-4", "unprocessable", "no sentences") + "\n"
                + errorLine("doc-5", "too_long", "over the limit") + "\n"
                + errorLine("doc-6", "unprocessable", "no sentences") + "\n")));
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(6);

        template.sendBody("direct:submit", List.of(item("doc-1"), item("doc-2"), item("doc-3"), item("doc-4"),
                item("doc-5"), item("doc-6")));

        results.assertIsSatisfied(10_000);
        BatchTracker tracker = ((xyz.scaledown.camel.ScaleDownEndpoint) context.getEndpoint("scaledown:submit")).getTracker();
        awaitTrue(() -> tracker.pending().isEmpty());
        awaitTrue(() -> meters.find("scaledown.batches").tag("state", "completed").counter() != null);

        assertEquals(6.0, meters.get("scaledown.items.submitted").counter().count());
        assertEquals(2.0, meters.get("scaledown.results.delivered").tag("model", "summarize").counter().count());
        assertEquals(1.0, meters.get("scaledown.results.delivered").tag("model", "classify").counter().count());
        assertEquals(2.0, meters.get("scaledown.results.errors").tag("code", "unprocessable").counter().count());
        assertEquals(1.0, meters.get("scaledown.results.errors").tag("code", "too_long").counter().count());
        assertEquals(1.0, meters.get("scaledown.batches").tag("state", "submitted").counter().count());
        assertEquals(1.0, meters.get("scaledown.batches").tag("state", "processing").counter().count());
        assertEquals(1.0, meters.get("scaledown.batches").tag("state", "completed").counter().count());
        assertEquals(1L, meters.get("scaledown.api.calls").tags("operation", "submit", "outcome", "success").timer().count());
        assertEquals(1L, meters.get("scaledown.api.calls").tags("operation", "status", "outcome", "server_error").timer()
                .count());
        assertEquals(1L, meters.get("scaledown.api.calls").tags("operation", "output", "outcome", "success").timer().count());
        assertEquals(1.0, meters.get("scaledown.api.retries").tag("operation", "status").counter().count());
        assertNull(meters.find("scaledown.api.retries").tag("operation", "submit").counter());

        for (Meter meter : meters.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertFalse(tag.getValue().contains(API_KEY) || tag.getValue().startsWith("b-")
                            || tag.getValue().startsWith("doc-"), meter.getId().toString());
            }
        }
    }

    private static SummarizeItem item(String id) {
        return new SummarizeItem(id, "A contract about many things, long enough to summarize.", null, null);
    }
}
