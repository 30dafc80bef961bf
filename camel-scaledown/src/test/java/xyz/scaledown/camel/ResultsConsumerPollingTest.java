package xyz.scaledown.camel;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsConsumerPollingTest extends WireMockCamelTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead"));
                from("scaledown:results?startScheduler=false&errorItemHandling=exception&bridgeErrorHandler=true")
                        .routeId("results").to("mock:results");
            }
        };
    }

    private ScheduledPollConsumer resultsConsumer() {
        return (ScheduledPollConsumer) context.getRoute("results").getConsumer();
    }

    private BatchTracker tracker() {
        return context.getEndpoint("scaledown:submit", ScaleDownEndpoint.class).getTracker();
    }

    @Test
    void eachPollMakesOneStatusCallPerTrackedBatch() {
        api.stubFor(get(urlPathMatching("/v1/batches/[^/]+")).willReturn(okJson("{\"batch_id\":\"any\",\"status\":\"processing\"}")));
        for (int i = 0; i < 5; i++) {
            tracker().track(TrackedBatch.submitted("b-" + i, 1, "queued"), List.of("c"), Map.of());
        }

        for (int poll = 0; poll < 3; poll++) {
            resultsConsumer().run();
        }

        assertEquals(15, api.findAll(getRequestedFor(urlPathMatching("/v1/batches/[^/]+"))).size());
        for (int i = 0; i < 5; i++) {
            assertEquals(3, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-" + i))).size());
        }
        assertEquals(5, tracker().pending().size());
    }

    @Test
    void errorItemsGoToTheErrorHandlerWhenAskedTo() throws Exception {
        api.stubFor(get("/v1/batches/b-e").willReturn(okJson("{\"batch_id\":\"b-e\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-e/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("ok", "summarize", "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}") + "\n"
                + errorLine("bad", "unprocessable", "empty text") + "\n")));
        tracker().track(TrackedBatch.submitted("b-e", 2, "queued"), List.of("ok", "bad"), Map.of());
        MockEndpoint results = getMockEndpoint("mock:results");
        MockEndpoint dead = getMockEndpoint("mock:dead");
        results.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "ok");
        dead.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "bad");

        resultsConsumer().run();

        MockEndpoint.assertIsSatisfied(context);
        ScaleDownItemFailedException failure = assertInstanceOf(ScaleDownItemFailedException.class,
                dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT));
        assertEquals("unprocessable", failure.getItem().error().code());
        assertEquals(0, tracker().pending().size(), "an item reported to the error handler counts as delivered");
    }

    @Test
    void aBatchThatCannotBePolledIsReportedStaysTrackedAndDoesNotHoldUpTheOthers() throws Exception {
        api.stubFor(get("/v1/batches/b-gone").willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not found\"}")));
        api.stubFor(get("/v1/batches/b-fine").willReturn(okJson("{\"batch_id\":\"b-fine\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-fine/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("ok", "summarize", "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}") + "\n")));
        tracker().track(TrackedBatch.submitted("b-gone", 1, "queued"), List.of("gone"), Map.of());
        tracker().track(TrackedBatch.submitted("b-fine", 1, "queued"), List.of("ok"), Map.of());
        MockEndpoint results = getMockEndpoint("mock:results");
        MockEndpoint dead = getMockEndpoint("mock:dead");
        results.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "ok");
        dead.expectedMessageCount(1);

        resultsConsumer().run();

        MockEndpoint.assertIsSatisfied(context);
        Exception failure = dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertTrue(failure.getMessage().contains("b-gone"), failure.getMessage());
        assertEquals(List.of("b-gone"), tracker().pending().stream().map(TrackedBatch::batchId).toList());
    }

    @Test
    void itemsMissingFromTheOutputGoToTheErrorHandlerWhenAskedTo() throws Exception {
        api.stubFor(get("/v1/batches/b-m").willReturn(okJson("{\"batch_id\":\"b-m\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-m/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("ok", "summarize", "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}") + "\n")));
        tracker().track(TrackedBatch.submitted("b-m", 2, "queued"), List.of("ok", "lost"),
                Map.of("lost", Map.of("ticket", "T-9")));
        MockEndpoint dead = getMockEndpoint("mock:dead");
        dead.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "lost");
        dead.expectedHeaderReceived("ticket", "T-9");

        resultsConsumer().run();

        MockEndpoint.assertIsSatisfied(context);
        ScaleDownItemFailedException failure = assertInstanceOf(ScaleDownItemFailedException.class,
                dead.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT));
        assertEquals(ScaleDownErrorCodes.MISSING_FROM_OUTPUT, failure.getItem().error().code());
        assertEquals(0, tracker().pending().size());
    }
}
