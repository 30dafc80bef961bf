package xyz.scaledown.camel;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.metrics.ScaleDownMetrics;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.BatchTracker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Follow-up batches against a mock API: items a batch ended without answering are posted again, with their own request
 * lines, in a follow-up batch; each item comes out once, with {@code CamelScaleDownAttempt} saying which submission
 * answered it, or as an error item with the last code once {@code maxAttempts} is reached.
 */
class ResultsFollowUpTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

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
                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(3)
                                .correlationHeaders("ticket"))
                        .completionTimeout(100)
                        .to("scaledown:submit");
                from("direct:batch").to("scaledown:submit");
            }
        };
    }

    private void resultsRoute(String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?startScheduler=false&" + options).routeId("results").to("mock:all");
            }
        });
    }

    private void submitThree() {
        for (String id : List.of("a1", "a2", "a3")) {
            template.sendBodyAndHeaders("direct:in", "Text of " + id + ", long enough to summarize.",
                    Map.of(ScaleDownConstants.MODEL, "summarize", ScaleDownConstants.CUSTOM_ID, id, "ticket",
                            "T-" + id));
        }
    }

    /** The first POST creates b-1, the second b-2, and so on up to b-4. */
    private static void stubPosts() {
        String scenario = "posts";
        String[] states = { Scenario.STARTED, "one", "two", "three", "four" };
        for (int i = 0; i < 4; i++) {
            api.stubFor(post("/v1/batches").inScenario(scenario).whenScenarioStateIs(states[i])
                    .willReturn(okJson("{\"batch_id\":\"b-" + (i + 1) + "\",\"status\":\"queued\"}"))
                    .willSetStateTo(states[i + 1]));
        }
    }

    private static void batch(String batchId, String status, String... lines) {
        api.stubFor(get("/v1/batches/" + batchId).willReturn(okJson(
                "{\"batch_id\":\"" + batchId + "\",\"status\":\"" + status + "\"}")));
        if (lines.length == 0) {
            api.stubFor(get("/v1/batches/" + batchId + "/output").willReturn(aResponse().withStatus(404)
                    .withBody("{\"error\":\"no output\"}")));
        } else {
            api.stubFor(get("/v1/batches/" + batchId + "/output").willReturn(aResponse().withStatus(200)
                    .withBody(String.join("\n", lines) + "\n")));
        }
    }

    private static String summary(String customId) {
        return outputLine(customId, "summarize", SUMMARY);
    }

    private BatchTracker tracker() {
        return ((ScaleDownEndpoint) context.getRoute("results").getEndpoint()).getTracker();
    }

    /** Polls until the condition holds (at most 10 s): a follow-up waits its back-off, a few ms here. */
    private void pollUntil(BooleanSupplier condition) throws InterruptedException {
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) context.getRoute("results").getConsumer();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            consumer.run();
            Thread.sleep(5);
        }
    }

    private List<Exchange> routed() {
        return getMockEndpoint("mock:all").getExchanges();
    }

    private Exchange routedItem(String customId) {
        return routed().stream().filter(e -> customId.equals(e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID)))
                .findFirst().orElseThrow(() -> new AssertionError(customId + " was not routed"));
    }

    private List<String> routedIds() {
        return routed().stream().map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).sorted()
                .toList();
    }

    private static int attempt(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.ATTEMPT, Integer.class);
    }

    private static List<String> postedLines(int post) {
        List<LoggedRequest> posts = api.findAll(postRequestedFor(urlEqualTo("/v1/batches")));
        return Arrays.stream(posts.get(post).getBodyAsString().split("\n")).filter(l -> !l.isBlank()).toList();
    }

    private static int posts() {
        return api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size();
    }

    private boolean done() {
        return tracker().pending().isEmpty() && routed().size() >= 3;
    }

    @Test
    void anExpiredBatchWithPartialOutputIsFollowedByABatchOfExactlyItsUnansweredItems() throws Exception {
        resultsRoute("maxAttempts=2");
        stubPosts();
        batch("b-1", "expired", summary("a1"));
        batch("b-2", "completed", summary("a2"), summary("a3"));

        submitThree();
        pollUntil(this::done);

        assertEquals(List.of("a1", "a2", "a3"), routedIds(), "each custom_id once");
        assertEquals(2, posts());
        List<String> first = postedLines(0);
        assertEquals(List.of(first.get(1), first.get(2)), postedLines(1),
                "the follow-up POST holds exactly a2 and a3, with the request lines first sent");
        assertEquals(1, attempt(routedItem("a1")));
        assertEquals("b-1", routedItem("a1").getIn().getHeader(ScaleDownConstants.BATCH_ID));
        for (String id : List.of("a2", "a3")) {
            Exchange item = routedItem(id);
            assertEquals(2, attempt(item), id);
            assertEquals(null, item.getIn().getHeader(ScaleDownConstants.ERROR_CODE), id);
            assertEquals("b-2", item.getIn().getHeader(ScaleDownConstants.BATCH_ID), id);
            assertEquals("T-" + id, item.getIn().getHeader("ticket"), "its correlation header, kept");
            assertTrue(item.getIn().getHeaders().keySet().stream().noneMatch(h -> h.startsWith("scaledown.")),
                    "the kept request line is not a header: " + item.getIn().getHeaders().keySet());
        }
        DevConsole console = context.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("scaledown");
        assertTrue(((String) console.call(DevConsole.MediaType.TEXT)).contains(
                "follow-up b-2 of b-1: attempt 2, 2 items {batch_expired=2}"), "the console shows the follow-up");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> followUps = (List<Map<String, Object>>) ((Map<String, Object>) console.call(
                DevConsole.MediaType.JSON)).get("followUps");
        assertEquals("b-1", followUps.get(0).get("followUpOf"));
        assertEquals(2, followUps.get(0).get("attempt"));
        assertEquals(2.0, meters.get(ScaleDownMetrics.ITEMS_RESUBMITTED).tag("code", ScaleDownErrorCodes.BATCH_EXPIRED)
                .counter().count());
    }

    @ParameterizedTest
    @CsvSource({ "expired, batch_expired", "cancelled, batch_cancelled", "completed, missing_from_output" })
    void whenAttemptsRunOutTheItemsComeAsErrorItemsWithTheLastCode(String status, String code) throws Exception {
        resultsRoute("maxAttempts=3");
        stubPosts();
        batch("b-1", status, summary("a1"));
        batch("b-2", status, summary("not-submitted"));
        batch("b-3", status, summary("a3"));

        submitThree();
        pollUntil(this::done);

        assertEquals(List.of("a1", "a2", "a3"), routedIds(), "each custom_id once");
        assertEquals(3, posts(), "the first submission and two follow-ups");
        assertEquals(2, postedLines(1).size(), "a2 and a3 again");
        assertEquals(postedLines(1), postedLines(2), "b-2 answered neither: both once more");
        assertEquals(1, attempt(routedItem("a1")));
        assertEquals(3, attempt(routedItem("a3")));
        Exchange a2 = routedItem("a2");
        assertEquals(code, a2.getIn().getHeader(ScaleDownConstants.ERROR_CODE));
        assertEquals(3, attempt(a2), "the last attempt, maxAttempts");
        assertEquals("b-3", a2.getIn().getHeader(ScaleDownConstants.BATCH_ID));
        assertEquals("T-a2", a2.getIn().getHeader("ticket"));
    }

    @Test
    void anItemTheApiAnsweredWithARetryableStatusIsSentAgainWhenResubmitOnNamesIt() throws Exception {
        resultsRoute("maxAttempts=2&resubmitOn=item_retryable");
        stubPosts();
        String overloaded = "{\"custom_id\":\"a2\",\"response\":{\"status_code\":503,\"body\":null},"
                + "\"error\":{\"code\":\"overloaded\",\"message\":\"try later\"}}";
        batch("b-1", "completed", summary("a1"), overloaded, errorLine("a3", "unprocessable", "no sentences"));
        batch("b-2", "completed", summary("a2"));

        submitThree();
        pollUntil(this::done);

        assertEquals(List.of("a1", "a2", "a3"), routedIds());
        assertEquals(List.of(postedLines(0).get(1)), postedLines(1), "only the item answered 503 is sent again");
        assertEquals(2, attempt(routedItem("a2")));
        assertEquals(null, routedItem("a2").getIn().getHeader(ScaleDownConstants.ERROR_CODE));
        assertEquals("unprocessable", routedItem("a3").getIn().getHeader(ScaleDownConstants.ERROR_CODE),
                "a 422 is not retryable: routed as the API answered it");
        assertEquals(1, attempt(routedItem("a3")));
    }

    @Test
    void withTheDefaultMaxAttemptsNothingIsSentAgain() throws Exception {
        resultsRoute("delay=1000");
        stubPosts();
        batch("b-1", "expired", summary("a1"));

        submitThree();
        pollUntil(this::done);

        assertEquals(1, posts());
        assertEquals(ScaleDownErrorCodes.BATCH_EXPIRED, routedItem("a2").getIn().getHeader(ScaleDownConstants.ERROR_CODE));
        assertEquals(1, attempt(routedItem("a2")));
        assertEquals(1, attempt(routedItem("a1")));
    }

    @Test
    void anUnknownResubmitOnCodeIsRefusedAtStartNamingIt() {
        Exception e = assertThrows(Exception.class, () -> resultsRoute("maxAttempts=2&resubmitOn=batch_expired,expird"));
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + " | ";
        }
        assertTrue(messages.contains("'expird'") && messages.contains("resubmitOn"), messages);
    }

    @Test
    void aFollowUpIsSplitAtFollowUpMaxItems() throws Exception {
        resultsRoute("maxAttempts=2&followUpMaxItems=2");
        stubPosts();
        batch("b-1", "expired", summary("s0"));
        batch("b-2", "completed", summary("s1"), summary("s2"));
        batch("b-3", "completed", summary("s3"), summary("s4"));
        batch("b-4", "completed", summary("s5"));

        template.sendBody("direct:batch", IntStream.range(0, 6)
                .mapToObj(i -> SummarizeItem.of("s" + i, "Text of s" + i + ", long enough to summarize.")).toList());
        pollUntil(() -> tracker().pending().isEmpty() && routed().size() >= 6);

        assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5"), routedIds(), "each custom_id once");
        assertEquals(4, posts(), "the batch, then its 5 unanswered items in follow-ups of at most 2");
        List<String> first = postedLines(0);
        assertEquals(first.subList(1, 3), postedLines(1));
        assertEquals(first.subList(3, 5), postedLines(2));
        assertEquals(first.subList(5, 6), postedLines(3));
        // Camel's batch properties count the submission's 6 exchanges across the three follow-ups
        for (Exchange exchange : routed()) {
            assertEquals(6, exchange.getProperty(Exchange.BATCH_SIZE));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), routed().stream()
                .map(e -> e.getProperty(Exchange.BATCH_INDEX, Integer.class)).sorted().toList());
        assertEquals(List.of("s5"), routed().stream().filter(e -> e.getProperty(Exchange.BATCH_COMPLETE, Boolean.class))
                .map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).toList(),
                "complete on the exchange with the last index, in the last part");
    }

    @Test
    void aFollowUpIsSplitAtFollowUpMaxBytes() throws Exception {
        resultsRoute("maxAttempts=2&followUpMaxBytes=10");
        stubPosts();
        batch("b-1", "expired", summary("a1"));
        batch("b-2", "completed", summary("a2"));
        batch("b-3", "completed", summary("a3"));

        submitThree();
        pollUntil(this::done);

        assertEquals(List.of("a1", "a2", "a3"), routedIds());
        assertEquals(3, posts(), "each request line is longer than 10 bytes: one follow-up each");
        assertEquals(List.of(postedLines(0).get(1)), postedLines(1));
        assertEquals(List.of(postedLines(0).get(2)), postedLines(2));
    }

    @Test
    void camelBatchCompleteIsSetOnTheLastExchangeOfTheSubmissionAcrossItsFollowUps() throws Exception {
        resultsRoute("maxAttempts=3");
        stubPosts();
        batch("b-1", "expired", summary("a1"));
        batch("b-2", "cancelled", summary("a2"));
        batch("b-3", "completed", summary("a3"));

        submitThree();
        pollUntil(this::done);

        List<Exchange> routed = routed();
        assertEquals(List.of("a1", "a2", "a3"), routed.stream()
                .map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).toList());
        assertEquals(List.of(1, 2, 3), routed.stream().map(ResultsFollowUpTest::attempt).toList());
        assertEquals(List.of(0, 1, 2), routed.stream().map(e -> e.getProperty(Exchange.BATCH_INDEX)).toList());
        assertEquals(List.of(3, 3, 3), routed.stream().map(e -> e.getProperty(Exchange.BATCH_SIZE)).toList(),
                "the first submission's items");
        assertEquals(List.of(false, false, true), routed.stream().map(e -> e.getProperty(Exchange.BATCH_COMPLETE))
                .toList());
        assertEquals(List.of(3, 2, 1), routed.stream()
                .map(e -> e.getIn().getHeader(ScaleDownConstants.TOTAL_COUNT)).toList(),
                "CamelScaleDownTotalCount stays the items of the batch that answered");
    }

    @ParameterizedTest
    @ValueSource(strings = { "followUpMaxItems", "followUpMaxBytes" })
    void followUpCapsBelowOneAreRefusedAtStart(String option) {
        Exception e = assertThrows(Exception.class, () -> resultsRoute("maxAttempts=2&" + option + "=0"));
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + " | ";
        }
        assertTrue(messages.contains(option + " must be at least 1"), messages);
    }
}
