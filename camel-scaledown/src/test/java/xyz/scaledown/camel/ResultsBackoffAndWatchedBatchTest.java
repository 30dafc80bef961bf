package xyz.scaledown.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.tracking.TrackedBatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failing batch waits out its own back-off across polls instead of retrying in the poll thread; a batch watched by
 * id whose items the tracker does not know routes every output line, as it always did.
 */
class ResultsBackoffAndWatchedBatchTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";

    @TempDir
    static Path watchedTrackerDir;

    @Override
    protected void configure(ScaleDownConfiguration configuration) {
        super.configure(configuration);
        configuration.setMaxRetries(3);
        configuration.setRetryInitialDelay(60_000);
        configuration.setRetryMaxDelay(60_000);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?startScheduler=false").routeId("results").to("mock:all");
                from("scaledown:results?startScheduler=false&batchId=b-w&trackerDirectory="
                     + watchedTrackerDir.toString().replace('\\', '/')).routeId("watched").to("mock:watched");
            }
        };
    }

    private void poll(String routeId) {
        ((ScheduledPollConsumer) context.getRoute(routeId).getConsumer()).run();
    }

    private static int statusCalls(String batchId) {
        return api.findAll(getRequestedFor(urlEqualTo("/v1/batches/" + batchId))).size();
    }

    private static List<String> customIds(List<Exchange> exchanges) {
        return exchanges.stream().map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).toList();
    }

    @Test
    void aFailingBatchWaitsOutItsOwnBackOffWhileTheOthersArePolled() {
        ScaleDownEndpoint endpoint = (ScaleDownEndpoint) context.getRoute("results").getEndpoint();
        endpoint.getTracker().track(TrackedBatch.submitted("b-busy", 1, "queued"), List.of("x"), Map.of());
        endpoint.getTracker().track(TrackedBatch.submitted("b-fine", 1, "queued"), List.of("ok"), Map.of());
        api.stubFor(get("/v1/batches/b-busy").willReturn(aResponse().withStatus(503)));
        api.stubFor(get("/v1/batches/b-fine").willReturn(okJson("{\"batch_id\":\"b-fine\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-fine/output").willReturn(aResponse().withStatus(200)
                .withBody(outputLine("ok", "summarize", SUMMARY) + "\n")));

        poll("results");
        poll("results");

        assertEquals(List.of("ok"), customIds(getMockEndpoint("mock:all").getExchanges()));
        assertEquals(1, statusCalls("b-busy"), "no retry slept in the poll thread, and the second poll left it alone");
        TrackedBatch busy = endpoint.getTracker().pending().get(0);
        assertEquals("b-busy", busy.batchId());
        assertTrue(busy.nextPollAt() != null && busy.nextPollAt().isAfter(java.time.Instant.now()),
                "its next poll time is its back-off: " + busy.nextPollAt());
    }

    @Test
    void aBatchWatchedByIdRoutesEveryLineAsBefore() {
        api.stubFor(get("/v1/batches/b-w").willReturn(okJson("{\"batch_id\":\"b-w\",\"status\":\"completed\"}")));
        String line = outputLine("same", "summarize", SUMMARY);
        api.stubFor(get("/v1/batches/b-w/output").willReturn(aResponse().withStatus(200)
                .withBody(line + "\n" + line + "\n" + outputLine("other", "summarize", SUMMARY) + "\n")));

        poll("watched");

        assertEquals(List.of("same", "same", "other"), customIds(getMockEndpoint("mock:watched").getExchanges()));
    }
}
