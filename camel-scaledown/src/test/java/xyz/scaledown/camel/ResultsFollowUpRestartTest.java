package xyz.scaledown.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process that dies between the end of a batch and its follow-up's POST, or after that POST was answered, or during
 * it, on the directory store and on PostgreSQL: the next process loses no item, posts each follow-up at most once,
 * and emits each item once.
 */
class ResultsFollowUpRestartTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SUMMARY = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";

    @TempDir
    Path trackerDirectory;

    private HikariDataSource dataSource;
    private final List<Exchange> routed = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeDatabase() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    /** A process: submit and a results consumer with maxAttempts=2, polled by hand, on the store given. */
    private CamelContext start(String store, long retryInitialDelay) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(name -> null);
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(api.baseUrl());
        configuration.setApiKey("fake.key.follow-up-restart");
        configuration.setRetryInitialDelay(retryInitialDelay);
        if (store.equals("directory")) {
            configuration.setTrackerDirectory(trackerDirectory.toString());
        } else {
            if (dataSource == null) {
                dataSource = TestDatabases.newPostgresDatabase();
            }
            configuration.setTrackerDataSource(dataSource);
        }
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?maxAttempts=2&startScheduler=false").routeId("results")
                        .process(exchange -> routed.add(exchange.copy()));
            }
        });
        context.start();
        return context;
    }

    private static void poll(CamelContext context) {
        ((ScheduledPollConsumer) context.getRoute("results").getConsumer()).run();
    }

    private static BatchTracker tracker(CamelContext context) {
        return ((ScaleDownEndpoint) context.getRoute("results").getEndpoint()).getTracker();
    }

    private static void stubApi() {
        api.resetAll();
        api.stubFor(post("/v1/batches").inScenario("posts").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\"}")).willSetStateTo("one"));
        api.stubFor(post("/v1/batches").inScenario("posts").whenScenarioStateIs("one")
                .willReturn(okJson("{\"batch_id\":\"b-2\",\"status\":\"queued\"}")).willSetStateTo("two"));
        api.stubFor(get("/v1/batches/b-1").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"expired\"}")));
        api.stubFor(get("/v1/batches/b-1/output").willReturn(aResponse().withStatus(200)
                .withBody(WireMockCamelTestSupport.outputLine("a1", "summarize", SUMMARY) + "\n")));
        api.stubFor(get("/v1/batches/b-2").willReturn(okJson("{\"batch_id\":\"b-2\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-2/output").willReturn(aResponse().withStatus(200)
                .withBody(WireMockCamelTestSupport.outputLine("a2", "summarize", SUMMARY) + "\n"
                        + WireMockCamelTestSupport.outputLine("a3", "summarize", SUMMARY) + "\n")));
    }

    /** The first process: submits a1..a3, routes a1 from the expired b-1; the follow-up waits its back-off (1 s, kept in the store as the batch's next poll time). */
    private CamelContext firstProcess(String store) throws Exception {
        stubApi();
        CamelContext first = start(store, 1_000);
        first.createProducerTemplate().sendBody("direct:submit", List.of(
                SummarizeItem.of("a1", "Text of a1, long enough."), SummarizeItem.of("a2", "Text of a2, long enough."),
                SummarizeItem.of("a3", "Text of a3, long enough.")));
        poll(first);
        assertEquals(List.of("a1"), ids(), "the partial result is routed at once");
        assertEquals(1, posts(), "the follow-up waits its back-off");
        return first;
    }

    /** The next process, with a short back-off, polled until the store is empty. */
    private void nextProcess(String store) throws Exception {
        CamelContext next = start(store, 10);
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while ((!tracker(next).pending().isEmpty() || routed.size() < 3) && System.currentTimeMillis() < deadline) {
                poll(next);
                Thread.sleep(5);
            }
            assertTrue(tracker(next).pending().isEmpty(), "every batch left the store");
        } finally {
            next.stop();
        }
    }

    private List<String> ids() {
        return routed.stream().map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).sorted()
                .toList();
    }

    private Exchange item(String customId) {
        return routed.stream().filter(e -> customId.equals(e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID)))
                .findFirst().orElseThrow();
    }

    private static int posts() {
        return api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size();
    }

    @ParameterizedTest
    @ValueSource(strings = { "directory", "postgres" })
    void killedBetweenTheEndOfTheBatchAndTheFollowUpsPostTheFollowUpIsPostedOnce(String store) throws Exception {
        firstProcess(store).stop();

        nextProcess(store);

        assertEquals(List.of("a1", "a2", "a3"), ids(), "each item once");
        assertEquals(2, posts(), "the batch and one follow-up");
        assertEquals(2, item("a2").getIn().getHeader(ScaleDownConstants.ATTEMPT));
        assertEquals(2, item("a3").getIn().getHeader(ScaleDownConstants.ATTEMPT));
        assertEquals("b-2", item("a3").getIn().getHeader(ScaleDownConstants.BATCH_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = { "directory", "postgres" })
    void killedAfterTheFollowUpsPostWasAnsweredItIsNotPostedAgain(String store) throws Exception {
        CamelContext first = firstProcess(store);
        // what the store holds when the process dies right after the follow-up's POST was answered
        BatchTracker tracker = tracker(first);
        tracker.submitIntents().record(SubmitIntent.before("follow-up:b-1:0", 2), List.of("a2", "a3"));
        tracker.submitIntents().recordSubmitted("follow-up:b-1:0", "sent",
                new BatchSubmission("b-2", "queued", 2));
        first.stop();

        nextProcess(store);

        assertEquals(List.of("a1", "a2", "a3"), ids(), "each item once");
        assertEquals(1, posts(), "the follow-up answered before the crash is not posted again");
        assertEquals(2, item("a2").getIn().getHeader(ScaleDownConstants.ATTEMPT));
        assertEquals("b-2", item("a2").getIn().getHeader(ScaleDownConstants.BATCH_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = { "directory", "postgres" })
    void killedDuringTheFollowUpsPostItsItemsComeAsErrorItemsAndNothingIsPostedAgain(String store) throws Exception {
        CamelContext first = firstProcess(store);
        // the intent was recorded, the POST never answered: the follow-up may or may not exist
        tracker(first).submitIntents().record(SubmitIntent.before("follow-up:b-1:0", 2), List.of("a2", "a3"));
        first.stop();

        nextProcess(store);

        assertEquals(List.of("a1", "a2", "a3"), ids(), "each item once");
        assertEquals(1, posts(), "an uncertain follow-up is not posted again");
        Exchange a2 = item("a2");
        assertEquals(ScaleDownErrorCodes.BATCH_EXPIRED, a2.getIn().getHeader(ScaleDownConstants.ERROR_CODE));
        assertEquals(1, a2.getIn().getHeader(ScaleDownConstants.ATTEMPT));
        assertTrue(a2.getIn().getHeader(ScaleDownConstants.ERROR_MESSAGE, String.class)
                .contains("may or may not have been created"));
    }
}
