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
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The results consumer follows Camel's batch-consumer conventions: {@code maxMessagesPerPoll} bounds one poll, and
 * each exchange carries {@code CamelBatchIndex}, {@code CamelBatchSize} and {@code CamelBatchComplete}, counted over
 * the whole batch across polls; the count header is {@code CamelScaleDownTotalCount}.
 */
class ResultsBatchConsumerConventionsTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?startScheduler=false&maxMessagesPerPoll=2").routeId("results")
                        .to("mock:results");
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
    void onePollRoutesAtMostMaxMessagesPerPollAndTheBatchPropertiesCountTheWholeBatch() throws Exception {
        api.stubFor(get("/v1/batches/b-c").willReturn(okJson("{\"batch_id\":\"b-c\",\"status\":\"completed\"}")));
        // three answered lines; item d has none and comes out as missing_from_output, last
        api.stubFor(get("/v1/batches/b-c/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("a", "summarize", SUMMARY) + "\n" + outputLine("b", "summarize", SUMMARY) + "\n"
                + outputLine("c", "summarize", SUMMARY) + "\n")));
        tracker().track(TrackedBatch.submitted("b-c", 4, "queued"), List.of("a", "b", "c", "d"), Map.of());
        MockEndpoint results = getMockEndpoint("mock:results");

        resultsConsumer().run();
        assertEquals(2, results.getReceivedCounter());
        assertEquals(1, tracker().pending().size());

        resultsConsumer().run();
        assertEquals(4, results.getReceivedCounter());
        assertEquals(0, tracker().pending().size());

        List<Exchange> received = results.getReceivedExchanges();
        for (int i = 0; i < 4; i++) {
            Exchange exchange = received.get(i);
            assertEquals(i, exchange.getProperty(Exchange.BATCH_INDEX, Integer.class));
            assertEquals(4, exchange.getProperty(Exchange.BATCH_SIZE, Integer.class));
            assertEquals(i == 3, exchange.getProperty(Exchange.BATCH_COMPLETE, Boolean.class));
            assertEquals(4, exchange.getIn().getHeader(ScaleDownConstants.TOTAL_COUNT, Integer.class));
        }
        assertEquals("d", received.get(3).getIn().getHeader(ScaleDownConstants.CUSTOM_ID));
        assertEquals(ScaleDownErrorCodes.MISSING_FROM_OUTPUT,
                received.get(3).getIn().getHeader(ScaleDownConstants.ERROR_CODE));
    }

    @Test
    void aBatchWatchedByIdMarksItsLastLineAndHasNoSize() throws Exception {
        api.stubFor(get("/v1/batches/b-w").willReturn(okJson("{\"batch_id\":\"b-w\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-w/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("x", "summarize", SUMMARY) + "\n" + outputLine("y", "summarize", SUMMARY) + "\n")));
        tracker().track(TrackedBatch.watched("b-w"), List.of(), Map.of());
        MockEndpoint results = getMockEndpoint("mock:results");

        resultsConsumer().run();

        List<Exchange> received = results.getReceivedExchanges();
        assertEquals(2, received.size());
        assertFalse(received.get(0).getProperty(Exchange.BATCH_COMPLETE, Boolean.class));
        assertEquals(1, received.get(1).getProperty(Exchange.BATCH_INDEX, Integer.class));
        assertEquals(Boolean.TRUE, received.get(1).getProperty(Exchange.BATCH_COMPLETE, Boolean.class));
        assertNull(received.get(1).getProperty(Exchange.BATCH_SIZE));
        assertNull(received.get(1).getIn().getHeader(ScaleDownConstants.TOTAL_COUNT));
    }
}
