package xyz.scaledown.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.BatchTracker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only a completed exchange marks its item delivered: an item whose route rolls back or fails comes again at a later
 * poll, marked redelivered, while the batch's other items go on; a completed batch whose output is briefly missing
 * waits out its back-off instead of being given up.
 */
class ResultsRedeliveryTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";

    /** Submits {@code count} items doc-0.. as batch {@code batchId}, which the API reports completed with every line. */
    private void submitCompletedBatch(String batchId, int count) {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"" + batchId
                + "\",\"status\":\"queued\",\"total_count\":" + count + "}")));
        api.stubFor(get("/v1/batches/" + batchId).willReturn(okJson(
                "{\"batch_id\":\"" + batchId + "\",\"status\":\"completed\"}")));
        List<SummarizeItem> items = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.add(SummarizeItem.of("doc-" + i, "text " + i));
            output.append(outputLine("doc-" + i, "summarize", SUMMARY)).append('\n');
        }
        api.stubFor(get("/v1/batches/" + batchId + "/output").atPriority(5)
                .willReturn(aResponse().withStatus(200).withBody(output.toString())));
        template.sendBody("direct:submit", items);
    }

    private static String customId(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
    }

    private static boolean redelivered(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.REDELIVERED, false, Boolean.class);
    }

    private BatchTracker tracker() {
        return ((ScaleDownEndpoint) context.getRoute("results").getEndpoint()).getTracker();
    }

    private List<String> doneIds() {
        return getMockEndpoint("mock:done").getExchanges().stream().map(ResultsRedeliveryTest::customId).sorted()
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = { "markRollbackOnly", "rollback", "exception" })
    void aRolledBackOrFailedItemComesAgainMarkedRedelivered(String how) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                ProcessorDefinition<?> firstTryOfDoc2 = from("scaledown:results?delay=20&initialDelay=0")
                        .routeId("results").to("mock:attempts")
                        .filter(exchange -> "doc-2".equals(customId(exchange)) && !redelivered(exchange));
                switch (how) {
                    case "markRollbackOnly" -> firstTryOfDoc2.markRollbackOnly();
                    case "rollback" -> firstTryOfDoc2.rollback("doc-2 is not ready");
                    default -> firstTryOfDoc2.throwException(new IllegalStateException("doc-2 failed"));
                }
                firstTryOfDoc2.end().to("mock:done");
            }
        });
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(4);

        submitCompletedBatch("b-rb", 4);

        done.assertIsSatisfied(10_000);
        assertEquals(List.of("doc-0", "doc-1", "doc-2", "doc-3"), doneIds(), "each item once");
        Exchange again = done.getExchanges().stream().filter(e -> "doc-2".equals(customId(e))).findFirst()
                .orElseThrow();
        assertTrue(redelivered(again), "the item that came again says so");
        assertEquals(1, again.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class));
        List<String> attemptsOfDoc2 = getMockEndpoint("mock:attempts").getExchanges().stream()
                .map(ResultsRedeliveryTest::customId).filter("doc-2"::equals).toList();
        assertEquals(2, attemptsOfDoc2.size());
        awaitTrue(() -> tracker().pending().isEmpty());
        assertTrue(tracker().pending().isEmpty(), "every item went through: the batch left the store");
    }

    @Test
    void anItemTheRouteFailsEveryTimeDoesNotHoldUpTheOtherNine() throws Exception {
        AtomicBoolean doc3Fails = new AtomicBoolean(true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?startScheduler=false").routeId("results")
                        .process(exchange -> {
                            if (doc3Fails.get() && "doc-3".equals(customId(exchange))) {
                                throw new IllegalStateException("the sink refuses doc-3");
                            }
                        })
                        .to("mock:done");
            }
        });
        submitCompletedBatch("b-nine", 10);
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) context.getRoute("results").getConsumer();

        consumer.run();

        List<String> others = List.of("doc-0", "doc-1", "doc-2", "doc-4", "doc-5", "doc-6", "doc-7", "doc-8",
                "doc-9");
        assertEquals(others, doneIds(), "the other nine arrive in the first poll");
        assertEquals(1, tracker().pending().size(), "the batch stays until doc-3 went through");
        assertEquals(9, tracker().items("b-nine").deliveredCount());

        for (int poll = 0; poll < 3; poll++) {
            Thread.sleep(100);
            consumer.run();
        }
        assertEquals(others, doneIds(), "doc-3 keeps failing; nothing else comes twice");

        doc3Fails.set(false);
        awaitTrue(() -> {
            consumer.run();
            return tracker().pending().isEmpty();
        });
        List<String> all = new ArrayList<>(others);
        all.add(3, "doc-3");
        assertEquals(all, doneIds(), "each item once");
        Exchange doc3 = getMockEndpoint("mock:done").getExchanges().stream().filter(e -> "doc-3".equals(customId(e)))
                .findFirst().orElseThrow();
        assertTrue(redelivered(doc3));
        assertTrue(doc3.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class) >= 1);
    }

    @Test
    void aCompletedBatchWhoseOutputIsBrieflyMissingIsNotGivenUp() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?delay=50&initialDelay=0&retryInitialDelay=500&retryMaxDelay=10000"
                     + "&maxPollFailures=5").routeId("results").to("mock:done");
            }
        });
        StubMapping notYet = api.stubFor(get("/v1/batches/b-late/output").atPriority(1)
                .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"output not available yet\"}")));
        MockEndpoint done = getMockEndpoint("mock:done");
        done.expectedMessageCount(2);

        submitCompletedBatch("b-late", 2);
        Thread.sleep(2_500);
        api.removeStub(notYet);

        done.assertIsSatisfied(10_000);
        assertEquals(List.of("doc-0", "doc-1"), doneIds());
        Map<String, String> errorCodes = done.getExchanges().stream().filter(e -> e.getIn()
                        .getHeader(ScaleDownConstants.ERROR_CODE) != null)
                .collect(Collectors.toMap(ResultsRedeliveryTest::customId,
                        e -> e.getIn().getHeader(ScaleDownConstants.ERROR_CODE, String.class)));
        assertEquals(Map.of(), errorCodes, "the billed results were read, not given up as batch_unreachable");
        assertNull(done.getExchanges().get(0).getIn().getHeader(ScaleDownConstants.ERROR_MESSAGE));
        awaitTrue(() -> tracker().pending().isEmpty());
        assertTrue(tracker().pending().isEmpty());
    }
}
