package xyz.scaledown.camel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;
import xyz.scaledown.camel.tracking.jdbc.CountingDataSource;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many pending batches on the JDBC tracker, none due: a poll costs one statement and no status call, however many
 * batches wait. The statements are counted on the real database through a counting DataSource.
 */
class ResultsDueBatchesTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final int BATCHES = 300;

    private HikariDataSource database;
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    private CountingDataSource start(String databaseKind, String options) throws Exception {
        database = databaseKind.equals("postgresql") ? TestDatabases.newPostgresDatabase()
                : TestDatabases.newH2Database();
        CountingDataSource counting = new CountingDataSource(database);
        context = new DefaultCamelContext();
        context.getRegistry().bind("ds", counting.dataSource());
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(name -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.due-batches-test");
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?startScheduler=false&trackerDataSource=#ds" + options).routeId("results")
                        .to("log:never?level=OFF");
            }
        });
        context.start();
        return counting;
    }

    private ScheduledPollConsumer consumer() {
        return (ScheduledPollConsumer) context.getRoute("results").getConsumer();
    }

    private BatchTracker tracker() {
        return ((ScaleDownEndpoint) context.getRoute("results").getEndpoint()).getTracker();
    }

    /**
     * Batches submitted an hour ago, each polled once and found in progress: their next poll is minutes away (a tenth
     * of their age), so the next poll finds none due.
     */
    @ParameterizedTest
    @ValueSource(strings = { "postgresql", "h2" })
    void aPollWithNothingDueIsOneStatementWhateverTheBacklog(String databaseKind) throws Exception {
        CountingDataSource counting = start(databaseKind, "&maxBatchesPerPoll=" + BATCHES);
        api.stubFor(get(urlPathMatching("/v1/batches/b-[0-9]+"))
                .willReturn(okJson("{\"batch_id\":\"b\",\"status\":\"in_progress\"}")));
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        for (int i = 0; i < BATCHES; i++) {
            tracker().track(new TrackedBatch("b-" + i, 1, anHourAgo, "queued", 0, null, 0), List.of("b-" + i + "-0"),
                    Map.of());
        }
        consumer().run();
        assertEquals(BATCHES, api.findAll(getRequestedFor(anyUrl())).size(), "the first poll calls status for each");

        api.resetRequests();
        counting.reset();
        consumer().run();

        assertEquals(1, counting.executed().size(), "one statement: " + counting.executed().stream().limit(5).toList());
        assertEquals(0, api.findAll(getRequestedFor(anyUrl())).size(), "no status call for a batch not due");
        assertEquals(BATCHES, tracker().pending().size(), "every batch is still tracked");
    }

    /** maxBatchesPerPoll bounds what one poll takes; the rest waits for the next poll. */
    @ParameterizedTest
    @ValueSource(strings = { "postgresql", "h2" })
    void aPollTakesAtMostMaxBatchesPerPoll(String databaseKind) throws Exception {
        start(databaseKind, "&maxBatchesPerPoll=7");
        api.stubFor(get(urlPathMatching("/v1/batches/b-[0-9]+"))
                .willReturn(okJson("{\"batch_id\":\"b\",\"status\":\"in_progress\"}")));
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 20; i++) {
            tracker().track(new TrackedBatch("b-" + i, 1, anHourAgo, "queued", 0, null, 0), List.of("b-" + i + "-0"),
                    Map.of());
        }
        consumer().run();
        assertEquals(7, api.findAll(getRequestedFor(anyUrl())).size());
        consumer().run();
        consumer().run();
        assertEquals(20, api.findAll(getRequestedFor(anyUrl())).size());
        assertTrue(api.findAll(getRequestedFor(anyUrl())).stream().map(r -> r.getUrl()).distinct().count() == 20,
                "each batch once");
    }

    /** maxPollInterval=0 keeps the fixed delay: an old batch is asked at every poll. */
    @ParameterizedTest
    @ValueSource(strings = { "postgresql", "h2" })
    void maxPollIntervalZeroPollsEveryPendingBatchAtEveryPoll(String databaseKind) throws Exception {
        start(databaseKind, "&maxPollInterval=0");
        api.stubFor(get(urlPathMatching("/v1/batches/b-[0-9]+"))
                .willReturn(okJson("{\"batch_id\":\"b\",\"status\":\"in_progress\"}")));
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        for (int i = 0; i < 3; i++) {
            tracker().track(new TrackedBatch("b-" + i, 1, anHourAgo, "queued", 0, null, 0), List.of("b-" + i + "-0"),
                    Map.of());
        }
        consumer().run();
        consumer().run();
        assertEquals(6, api.findAll(getRequestedFor(anyUrl())).size());
    }
}
