package xyz.scaledown.camel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.reliability.CapturedLog;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The results consumer's contract against a mock API: for a batch submitted through the tracker, exactly one exchange
 * per submitted custom_id, whatever the API does (short output, duplicate and garbage lines, a batch that fails,
 * expires or is cancelled, one that cannot be polled, a made-up status, a timeout), each carrying its correlation
 * headers; the poll thread never sleeps on one batch's back-off.
 */
class ResultsAccountingTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";

    @Override
    protected void configure(ScaleDownConfiguration configuration) {
        super.configure(configuration);
        // a failed batch is due again at once, so each run() below is one more poll of it
        configuration.setRetryInitialDelay(0);
        configuration.setMaxPollFailures(3);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?startScheduler=false").routeId("results").to("mock:all");
                from("direct:submit").to("scaledown:submit");
            }
        };
    }

    private void poll() {
        ((ScheduledPollConsumer) context.getRoute("results").getConsumer()).run();
    }

    private ScaleDownConfiguration consumerConfiguration() {
        return ((ScaleDownEndpoint) context.getRoute("results").getEndpoint()).getConfiguration();
    }

    private BatchTracker tracker() {
        return context.getEndpoint("scaledown:results", ScaleDownEndpoint.class).getTracker();
    }

    /** Tracks a batch as submit does, each item with a correlation header {@code ticket=T-<custom_id>}. */
    private void track(String batchId, String... customIds) {
        track(new TrackedBatch(batchId, customIds.length, Instant.now(), "queued", 0, null, 0), customIds);
    }

    private void track(TrackedBatch batch, String... customIds) {
        Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
        for (String id : customIds) {
            correlations.put(id, Map.of("ticket", "T-" + id));
        }
        tracker().track(batch, Arrays.asList(customIds), correlations);
    }

    private static void status(String batchId, String status) {
        api.stubFor(get("/v1/batches/" + batchId).willReturn(okJson(
                "{\"batch_id\":\"" + batchId + "\",\"status\":\"" + status + "\"}")));
    }

    private static void output(String batchId, String... lines) {
        api.stubFor(get("/v1/batches/" + batchId + "/output").willReturn(aResponse().withStatus(200)
                .withBody(String.join("\n", lines) + "\n")));
    }

    private static String summary(String customId) {
        return outputLine(customId, "summarize", SUMMARY);
    }

    private List<Exchange> routed() {
        return getMockEndpoint("mock:all").getExchanges();
    }

    private List<String> routedIds() {
        return routed().stream().map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).toList();
    }

    private Exchange routedItem(String customId) {
        return routed().stream().filter(e -> customId.equals(e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID)))
                .findFirst().orElseThrow(() -> new AssertionError(customId + " was not routed: " + routedIds()));
    }

    private static String errorCode(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.ERROR_CODE, String.class);
    }

    private static String errorMessage(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.ERROR_MESSAGE, String.class);
    }

    private boolean tracked(String batchId) {
        return tracker().pending().stream().anyMatch(b -> b.batchId().equals(batchId));
    }

    private static int statusCalls(String batchId) {
        return api.findAll(getRequestedFor(urlEqualTo("/v1/batches/" + batchId))).size();
    }

    /** Each item once, with its own correlation header restored. */
    private void assertEachRoutedOnceWithItsHeaders(String... customIds) {
        assertEquals(List.of(customIds), routedIds().stream().sorted().toList());
        for (String id : customIds) {
            assertEquals("T-" + id, routedItem(id).getIn().getHeader("ticket"), id);
        }
    }

    @Test
    void aCompletedBatchWithAShortOutputReportsTheMissingItem() {
        track("b-short", "a", "b", "c");
        status("b-short", "completed");
        output("b-short", summary("a"), summary("c"));

        poll();

        assertEachRoutedOnceWithItsHeaders("a", "b", "c");
        assertNull(errorCode(routedItem("a")));
        Exchange missing = routedItem("b");
        assertEquals(ScaleDownErrorCodes.MISSING_FROM_OUTPUT, errorCode(missing));
        assertTrue(errorMessage(missing).contains("b-short") && errorMessage(missing).contains("'completed'"),
                errorMessage(missing));
        assertEquals(1L, missing.getIn().getHeader(ScaleDownConstants.ITEM_INDEX), "its position in the batch");
        assertFalse(tracked("b-short"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "failed", "expired", "cancelled", "canceled" })
    void aBatchThatEndedEarlyRoutesItsPartialOutputThenReportsTheRest(String ended) {
        track("b-end", "a", "b", "c");
        api.stubFor(get("/v1/batches/b-end").willReturn(okJson(
                "{\"batch_id\":\"b-end\",\"status\":\"" + ended + "\",\"error\":\"quota exceeded\"}")));
        output("b-end", summary("b"));

        poll();

        assertEachRoutedOnceWithItsHeaders("a", "b", "c");
        assertNull(errorCode(routedItem("b")), "the partial result is kept");
        String expected = switch (ended) {
            case "failed" -> ScaleDownErrorCodes.BATCH_FAILED;
            case "expired" -> ScaleDownErrorCodes.BATCH_EXPIRED;
            default -> ScaleDownErrorCodes.BATCH_CANCELLED;
        };
        assertEquals(expected, errorCode(routedItem("a")));
        assertEquals(expected, errorCode(routedItem("c")));
        String message = errorMessage(routedItem("a"));
        assertTrue(message.contains("b-end") && message.contains("'" + ended + "'") && message.contains("quota"),
                message);
        assertFalse(tracked("b-end"));
    }

    @Test
    void aFailedBatchWithoutOutputReportsEveryItem() {
        track("b-none", "a", "b");
        status("b-none", "failed");
        api.stubFor(get("/v1/batches/b-none/output").willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":\"no output\"}")));

        poll();

        assertEachRoutedOnceWithItsHeaders("a", "b");
        assertTrue(routed().stream().allMatch(e -> ScaleDownErrorCodes.BATCH_FAILED.equals(errorCode(e))));
        assertFalse(tracked("b-none"));
    }

    @Test
    void aBatchAnswered404IsGivenUpAfterMaxPollFailuresAndNoLongerPolled() {
        track("b-404", "a", "b");
        api.stubFor(get("/v1/batches/b-404").willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":\"no such batch\"}")));

        poll();
        poll();
        assertEquals(List.of(), routedIds(), "two failures of three: still waiting");
        assertEquals(2, tracker().pending().get(0).pollFailures());
        poll();

        assertEachRoutedOnceWithItsHeaders("a", "b");
        Exchange item = routedItem("a");
        assertEquals(ScaleDownErrorCodes.BATCH_UNREACHABLE, errorCode(item));
        assertTrue(errorMessage(item).contains("b-404") && errorMessage(item).contains("HTTP 404")
                   && errorMessage(item).contains("'queued'"), errorMessage(item));
        assertFalse(tracked("b-404"));
        poll();
        assertEquals(3, statusCalls("b-404"), "a given-up batch is not polled again");
    }

    @Test
    void anUnreadable2xxStatusCountsTowardGivingUp() {
        track("b-html", "a");
        api.stubFor(get("/v1/batches/b-html").willReturn(aResponse().withStatus(200).withBody("<html>ok</html>")));

        poll();
        poll();
        poll();

        assertEquals(ScaleDownErrorCodes.BATCH_UNREACHABLE, errorCode(routedItem("a")));
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 503, 429, 408 })
    void retryableFailuresNeverGiveABatchUp(int code) {
        track("b-busy", "a");
        api.stubFor(get("/v1/batches/b-busy").willReturn(aResponse().withStatus(code)));

        for (int i = 0; i < 6; i++) {
            poll();
        }

        assertEquals(List.of(), routedIds(), "never given up");
        assertTrue(tracked("b-busy"));
        assertEquals(6, tracker().pending().get(0).pollFailures(), "they grow the batch's one back-off counter");
    }

    /** One counter per batch: retryable failures grow it too, and a permanent one then gives up at the threshold. */
    @Test
    void aPermanentFailureGivesUpOnceTheBatchsFailuresInARowReachMaxPollFailures() {
        track("b-mix", "a");
        api.stubFor(get("/v1/batches/b-mix").willReturn(aResponse().withStatus(503)));
        poll();
        poll();
        assertEquals(List.of(), routedIds(), "a retryable failure never gives a batch up");
        api.stubFor(get("/v1/batches/b-mix").willReturn(aResponse().withStatus(404)));
        poll();

        assertEquals(ScaleDownErrorCodes.BATCH_UNREACHABLE, errorCode(routedItem("a")));
        assertTrue(errorMessage(routedItem("a")).contains("3 calls in a row failed"), errorMessage(routedItem("a")));
    }

    /** The counter goes back to 0 when the batch answers again while not finished. */
    @Test
    void aStatusAnsweredWhileNotFinishedEndsTheRunOfFailures() {
        track("b-back", "a");
        api.stubFor(get("/v1/batches/b-back").willReturn(aResponse().withStatus(404)));
        poll();
        poll();
        status("b-back", "in_progress");
        poll();
        api.stubFor(get("/v1/batches/b-back").willReturn(aResponse().withStatus(404)));
        poll();
        poll();

        assertEquals(List.of(), routedIds(), "never three failures in a row");
        assertEquals(2, tracker().pending().get(0).pollFailures());
    }

    @Test
    void duplicateUnknownAndGarbageLinesAreNotRoutedButLoggedAndCounted() {
        track("b-dup", "a", "b");
        status("b-dup", "completed");
        output("b-dup", summary("a"), summary("a"), "garbage " + API_KEY + " " + "x".repeat(400), summary("zz"),
                summary("b"));

        try (CapturedLog log = new CapturedLog(Level.INFO, "xyz.scaledown")) {
            poll();

            assertEachRoutedOnceWithItsHeaders("a", "b");
            assertTrue(routed().stream().allMatch(e -> errorCode(e) == null));
            List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN")).toList();
            assertEquals(3, warnings.size(), String.join("\n", warnings));
            assertTrue(warnings.get(0).contains("line 2") && warnings.get(0).contains("duplicate"), warnings.get(0));
            assertTrue(warnings.get(1).contains("unreadable") && warnings.get(1).contains("..."), warnings.get(1));
            assertTrue(warnings.get(1).length() < 600, "the raw line is cut");
            assertTrue(warnings.get(2).contains("unknown custom id") && warnings.get(2).contains("zz"),
                    warnings.get(2));
            assertFalse(log.all().contains(API_KEY), "the key is masked");
            assertTrue(log.all().contains("output lines not routed: 3 (1 unreadable, 1 unknown custom id, 1 duplicate)"),
                    log.all());
        }
    }

    @Test
    void aReadableErrorLineAndAnUnreadableLineWithAKnownIdAccountForTheirItems() {
        track("b-err", "a", "b", "c");
        status("b-err", "completed");
        output("b-err", errorLine("a", "unprocessable", "empty text"), "{\"custom_id\":\"b\",\"response\":{trunc",
                summary("c"));

        poll();

        assertEachRoutedOnceWithItsHeaders("a", "b", "c");
        assertEquals("unprocessable", errorCode(routedItem("a")));
        assertEquals("invalid_output_line", errorCode(routedItem("b")));
    }

    /** A route that branches by model sends an error item where its item's results go; the log counts it an error. */
    @Test
    void errorItemsKeepTheModelOfTheItemTheyAnswerAndTheCompletionLineCountsThem() {
        api.stubFor(post("/v1/batches").willReturn(okJson(
                "{\"batch_id\":\"b-models\",\"status\":\"queued\",\"total_count\":3}")));
        template.sendBody("direct:submit", List.of(SummarizeItem.of("s", "a text"),
                ExtractItem.of("e", "another text", Map.of("party", "a party")),
                ClassifyItem.of("c", "a third", List.of(new ClassifyLabel("spam", "Is it spam?")))));
        status("b-models", "completed");
        output("b-models", errorLine("s", "unprocessable", "empty text"), outputLine("c", "classify",
                "{\"top_label\":\"spam\",\"scores\":{\"spam\":1.0}}"));

        try (CapturedLog log = new CapturedLog(Level.INFO, "xyz.scaledown")) {
            poll();

            assertEquals("summarize", routedItem("s").getIn().getHeader(ScaleDownConstants.MODEL));
            assertEquals("unprocessable", errorCode(routedItem("s")));
            assertEquals("summarize", routedItem("s").getIn().getBody(BatchResultItem.class).model());
            assertEquals("extract", routedItem("e").getIn().getHeader(ScaleDownConstants.MODEL));
            assertEquals("missing_from_output", errorCode(routedItem("e")));
            assertEquals("classify", routedItem("c").getIn().getHeader(ScaleDownConstants.MODEL));
            assertTrue(log.all().contains("3 items accounted for: 1 results routed, 2 error items "
                    + "(1 unprocessable, 1 missing_from_output)"), log.all());
        }
    }

    @Test
    void resumeGoesByDeliveredCustomIdsSoAReorderedOutputNeitherSkipsNorRepeats() {
        track("b-order", "a", "b", "c", "d");
        tracker().markDelivered("b-order", 0);
        tracker().markDelivered("b-order", 2);
        status("b-order", "completed");
        // served in another order than on the run that delivered a and c
        output("b-order", summary("d"), summary("c"), summary("b"), summary("a"));

        poll();

        assertEquals(List.of("d", "b"), routedIds());
        assertFalse(tracked("b-order"));
    }

    @Test
    void anUnknownStatusIsWarnedOnceAndIsNotTerminal() {
        track("b-odd", "a");
        status("b-odd", "paused_by_operator");

        try (CapturedLog log = new CapturedLog(Level.INFO, "xyz.scaledown")) {
            poll();
            poll();
            poll();
            assertEquals(1, log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("paused_by_operator"))
                    .count(), log.all());
        }
        assertEquals(List.of(), routedIds());
        assertTrue(tracked("b-odd"));
        assertEquals(0, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-odd/output"))).size());
    }

    @ParameterizedTest
    @ValueSource(strings = { "queued", "validating", "in_progress", "processing", "finalizing", "cancelling" })
    void knownStatusesThatAreNotTerminalKeepWaiting(String status) {
        track("b-wait", "a");
        status("b-wait", status);

        poll();

        assertEquals(List.of(), routedIds());
        assertEquals(status, tracker().pending().get(0).lastStatus());
    }

    @Test
    void aBatchNotTerminalWithinBatchTimeoutReportsItsItems() {
        consumerConfiguration().setBatchTimeout(Duration.ofHours(1).toMillis());
        track(new TrackedBatch("b-slow", 2, Instant.now().minus(Duration.ofHours(2)), "queued", 0, null, 0), "a", "b");
        tracker().markDelivered("b-slow", 1);
        status("b-slow", "paused_by_operator");

        poll();

        assertEquals(List.of("a"), routedIds(), "the item delivered before is not reported again");
        Exchange item = routedItem("a");
        assertEquals(ScaleDownErrorCodes.BATCH_TIMEOUT, errorCode(item));
        assertTrue(errorMessage(item).contains("b-slow") && errorMessage(item).contains("'paused_by_operator'"),
                errorMessage(item));
        assertFalse(tracked("b-slow"));
    }

    @Test
    void aZeroBatchTimeoutWaitsForEver() {
        consumerConfiguration().setBatchTimeout(0);
        track(new TrackedBatch("b-old", 1, Instant.now().minus(Duration.ofDays(30)), "queued", 0, null, 0), "a");
        status("b-old", "processing");

        poll();

        assertEquals(List.of(), routedIds());
        assertTrue(tracked("b-old"));
    }

    @Test
    void aRouteFailureDoesNotStopTheBatchAndALaterPollRoutesTheFailedItemAgain() throws Exception {
        MockEndpoint all = getMockEndpoint("mock:all");
        List<String> attempts = new ArrayList<>();
        all.whenAnyExchangeReceived(exchange -> {
            String id = exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
            attempts.add(id);
            if ("b".equals(id) && attempts.stream().filter("b"::equals).count() == 1) {
                throw new IllegalStateException("destination down");
            }
        });
        track("b-retry", "a", "b", "c");
        status("b-retry", "expired");
        output("b-retry", summary("a"));

        poll();
        assertTrue(tracked("b-retry"));
        assertEquals(1, tracker().pending().get(0).pollFailures(), "the batch waits out its back-off");
        poll();

        assertEquals(List.of("a", "b", "c", "b"), attempts, "c is not held up by b; b is tried again, a is not");
        assertFalse(tracked("b-retry"));
    }
}
