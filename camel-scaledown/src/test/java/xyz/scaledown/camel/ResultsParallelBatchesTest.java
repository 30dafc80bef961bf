package xyz.scaledown.camel;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code parallelBatches=2}: two completed batches are routed at the same time, each item exactly once, on every
 * tracker; a stop in the middle leaves the rest undelivered and a restart routes it.
 */
class ResultsParallelBatchesTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final int ITEMS = 20;

    @TempDir
    Path trackerDirectory;

    private final List<String> routed = new CopyOnWriteArrayList<>();
    private final List<String> routingThreads = new CopyOnWriteArrayList<>();
    private final List<CamelContext> contexts = new ArrayList<>();
    private HikariDataSource database;
    private int parallelBatches = 2;

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    private CamelContext startContext(String trackerOptions, Processor route) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        contexts.add(context);
        if (database != null) {
            context.getRegistry().bind("ds", database);
        }
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(name -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.parallel-test");
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?startScheduler=false&parallelBatches=" + parallelBatches + trackerOptions).routeId("results")
                        .process(exchange -> {
                            routingThreads.add(Thread.currentThread().getName());
                            route.process(exchange);
                            routed.add(customId(exchange));
                        });
            }
        });
        context.start();
        return context;
    }

    private static String customId(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
    }

    private static ScheduledPollConsumer consumer(CamelContext context) {
        return (ScheduledPollConsumer) context.getRoute("results").getConsumer();
    }

    private static BatchTracker tracker(CamelContext context) {
        return ((ScaleDownEndpoint) context.getRoute("results").getEndpoint()).getTracker();
    }

    /** A completed batch of {@link #ITEMS} items {@code <batchId>-<i>}, submitted {@code ageSeconds} ago. */
    private static List<String> completedBatch(BatchTracker tracker, String batchId, int ageSeconds) {
        return completedBatch(tracker, batchId, ageSeconds, ITEMS);
    }

    private static List<String> completedBatch(BatchTracker tracker, String batchId, int ageSeconds, int items) {
        List<String> ids = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < items; i++) {
            ids.add(batchId + "-" + i);
            output.append(WireMockCamelTestSupport.outputLine(batchId + "-" + i, "summarize",
                    "{\"summary\":\"s\",\"input_chars\":1,\"output_chars\":1}")).append('\n');
        }
        api.stubFor(get("/v1/batches/" + batchId)
                .willReturn(okJson("{\"batch_id\":\"" + batchId + "\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/" + batchId + "/output")
                .willReturn(aResponse().withStatus(200).withBody(output.toString())));
        tracker.track(new TrackedBatch(batchId, items, Instant.now().minusSeconds(ageSeconds), "queued", 0, null, 0),
                ids, Map.of());
        return ids;
    }

    private String trackerOptions(String trackerKind) {
        return switch (trackerKind) {
            case "memory" -> "";
            case "file" -> "&trackerDirectory=" + trackerDirectory;
            case "jdbc" -> {
                database = TestDatabases.newH2Database();
                yield "&trackerDataSource=#ds";
            }
            default -> throw new IllegalArgumentException(trackerKind);
        };
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * The first batch's first item waits for the second batch's first item: one poll routes both batches at once, or
     * the first one never gets past its first item.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "file", "jdbc"})
    void twoBatchesAreRoutedAtTheSameTimeEachItemOnce(String trackerKind) throws Exception {
        CountDownLatch secondBatchStarted = new CountDownLatch(1);
        AtomicBoolean firstWaitedForSecond = new AtomicBoolean();
        CamelContext context = startContext(trackerOptions(trackerKind), exchange -> {
            String id = customId(exchange);
            if (id.equals("b-2-0")) {
                secondBatchStarted.countDown();
            } else if (id.equals("b-1-0")) {
                firstWaitedForSecond.set(secondBatchStarted.await(10, TimeUnit.SECONDS));
            }
        });
        List<String> expected = new ArrayList<>(completedBatch(tracker(context), "b-1", 60));
        expected.addAll(completedBatch(tracker(context), "b-2", 30));

        consumer(context).run();

        assertTrue(await(() -> routed.size() >= 2 * ITEMS && tracker(context).pending().isEmpty()),
                "both batches should be routed and forgotten: " + routed);
        assertTrue(firstWaitedForSecond.get(), "the second batch should start while the first one's item waits");
        assertEquals(expected.stream().sorted().toList(), routed.stream().sorted().toList(), "each item once");
        assertTrue(routingThreads.stream().allMatch(name -> name.contains("ScaleDownResultsDelivery")),
                "routed on the consumer's pool: " + new HashSet<>(routingThreads));
        for (String batchId : List.of("b-1", "b-2")) {
            List<String> ofBatch = routed.stream().filter(id -> id.startsWith(batchId + "-")).toList();
            assertEquals(expected.stream().filter(id -> id.startsWith(batchId + "-")).toList(), ofBatch,
                    "the order within " + batchId);
        }
    }

    @Test
    void theBatchPositionPropertiesAreSetPerBatch() throws Exception {
        List<Exchange> lastOfBatch = new CopyOnWriteArrayList<>();
        CamelContext context = startContext("", exchange -> {
            if (exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, false, Boolean.class)) {
                lastOfBatch.add(exchange.copy());
            }
        });
        completedBatch(tracker(context), "b-1", 60);
        completedBatch(tracker(context), "b-2", 30);

        consumer(context).run();

        assertTrue(await(() -> tracker(context).pending().isEmpty()), "both batches should be forgotten");
        assertEquals(Set.of("b-1-" + (ITEMS - 1), "b-2-" + (ITEMS - 1)),
                Set.copyOf(lastOfBatch.stream().map(ResultsParallelBatchesTest::customId).toList()));
        for (Exchange last : lastOfBatch) {
            assertEquals(ITEMS - 1, last.getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class));
            assertEquals(ITEMS, last.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class));
        }
    }

    @Test
    void aPollSkipsABatchWhileItsDeliveryRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CamelContext context = startContext("", exchange -> {
            if (customId(exchange).equals("b-1-0")) {
                release.await(10, TimeUnit.SECONDS);
            }
        });
        List<String> expected = completedBatch(tracker(context), "b-1", 60);

        consumer(context).run();
        assertTrue(await(() -> routingThreads.size() == 1), "the delivery should hold its first item");
        consumer(context).run();
        consumer(context).run();
        release.countDown();

        assertTrue(await(() -> tracker(context).pending().isEmpty()), "the batch should be routed and forgotten");
        assertEquals(1, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-1"))).size(),
                "no status call while the batch is delivered");
        assertEquals(expected, routed, "each item once, in order");
    }

    /**
     * A backlog far larger than the delivery threads: the poll hands over only what the threads and their queue can
     * take (a full hand-off is refused, never run on the poll thread) and later polls hand over the rest; each item
     * once, every exchange on a delivery thread, no failure.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "jdbc"})
    void aBacklogOfFiftyBatchesIsRoutedEachItemOnceOnTheDeliveryThreads(String trackerKind) throws Exception {
        AtomicInteger mostLeasesHeld = new AtomicInteger();
        String options = trackerOptions(trackerKind);
        CamelContext context = startContext(options, exchange -> {
            if (database != null) {
                mostLeasesHeld.accumulateAndGet(leasesHeld(), Math::max);
            }
        });
        List<Throwable> pollErrors = collectPollErrors(context);
        List<String> expected = new ArrayList<>();
        for (int b = 0; b < 50; b++) {
            expected.addAll(completedBatch(tracker(context), "b-" + b, 100 - b, 3));
        }

        assertTrue(await(() -> {
            consumer(context).run();
            return tracker(context).pending().isEmpty();
        }), "the backlog should be routed and forgotten: " + routed.size() + " items routed; " + pollErrors);

        assertEquals(List.of(), pollErrors);
        assertEquals(expected.stream().sorted().toList(), routed.stream().sorted().toList(), "each item once");
        assertTrue(routingThreads.stream().allMatch(name -> name.contains("ScaleDownResultsDelivery")),
                "never on the poll thread: " + new HashSet<>(routingThreads));
        if (database != null) {
            assertTrue(mostLeasesHeld.get() <= 2, "a batch is claimed only when a delivery thread takes it, so at most"
                    + " parallelBatches leases are held at once, not " + mostLeasesHeld.get());
        }
    }

    private int leasesHeld() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM scaledown_batch WHERE lease_until > CURRENT_TIMESTAMP")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<Throwable> collectPollErrors(CamelContext context) {
        List<Throwable> pollErrors = new CopyOnWriteArrayList<>();
        consumer(context).setExceptionHandler(new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                pollErrors.add(exception);
            }

            @Override
            public void handleException(String message, Throwable exception) {
                pollErrors.add(exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                pollErrors.add(exception);
            }
        });
        return pollErrors;
    }

    @Test
    void aFailedDeliveryIsRaisedByTheNextPoll() throws Exception {
        CamelContext context = startContext("", exchange -> {
        });
        List<Throwable> pollErrors = new CopyOnWriteArrayList<>();
        consumer(context).setExceptionHandler(new ExceptionHandler() {
            @Override
            public void handleException(Throwable exception) {
                pollErrors.add(exception);
            }

            @Override
            public void handleException(String message, Throwable exception) {
                pollErrors.add(exception);
            }

            @Override
            public void handleException(String message, Exchange exchange, Throwable exception) {
                pollErrors.add(exception);
            }
        });
        completedBatch(tracker(context), "b-1", 60);
        api.stubFor(get("/v1/batches/b-1/output").willReturn(aResponse().withStatus(500)));

        consumer(context).run();
        assertTrue(pollErrors.isEmpty(), "the poll that handed the batch over returned at once: " + pollErrors);
        // the delivery fails on the pool meanwhile; a later poll raises it (the batch waits out its back-off)
        assertTrue(await(() -> {
            consumer(context).run();
            return !pollErrors.isEmpty();
        }), "a later poll should raise the delivery's failure");
        consumer(context).run();

        assertEquals(1, pollErrors.size(), "raised once: " + pollErrors);
        assertTrue(tracker(context).pending().get(0).nextPollAt() != null, "the batch waits out its back-off");
        assertTrue(pollErrors.get(0).getMessage().startsWith("Polling ScaleDown batch b-1 failed"),
                pollErrors.get(0).getMessage());
        assertEquals(1, tracker(context).pending().size(), "the batch stays tracked");
        assertTrue(routed.isEmpty());
    }

    @Test
    void parallelBatchesBelowOneIsRefusedAtStart() {
        parallelBatches = 0;
        Exception refused = assertThrows(Exception.class,
                () -> startContext("", exchange -> {
                }));
        Throwable cause = refused;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertEquals("parallelBatches must be at least 1 but was 0", cause.getMessage());
    }

    /**
     * The consumer stops while both deliveries hold an item: each finishes that item and stops; a new context on the
     * same file tracker routes the rest, each item once.
     */
    @Test
    void aStopDuringTheDeliveriesLeavesTheRestForTheRestart() throws Exception {
        CountDownLatch bothInHand = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdFourthItems = new AtomicBoolean(true);
        Processor route = exchange -> {
            long index = exchange.getIn().getHeader(ScaleDownConstants.ITEM_INDEX, Long.class);
            if (index == 3 && holdFourthItems.get()) {
                bothInHand.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
        };
        String options = trackerOptions("file");
        CamelContext first = startContext(options, route);
        List<String> expected = new ArrayList<>(completedBatch(tracker(first), "b-1", 60));
        expected.addAll(completedBatch(tracker(first), "b-2", 30));
        consumer(first).run();
        assertTrue(bothInHand.await(10, TimeUnit.SECONDS), "both batches should reach their fourth item");

        ScheduledPollConsumer stopping = consumer(first);
        Thread stopper = new Thread(first::stop, "stopper");
        stopper.start();
        assertTrue(await(() -> !stopping.isRunAllowed() || stopping.isSuspendingOrSuspended()),
                "the consumer should be stopping");
        release.countDown();
        stopper.join(20_000);

        assertEquals(List.of("b-1-0", "b-1-1", "b-1-2", "b-1-3", "b-2-0", "b-2-1", "b-2-2", "b-2-3"),
                routed.stream().sorted().toList(), "each delivery finishes the item in hand, then stops");

        holdFourthItems.set(false);
        CamelContext second = startContext(options, route);
        consumer(second).run();
        assertTrue(await(() -> routed.size() >= 2 * ITEMS && tracker(second).pending().isEmpty()),
                "the restart should route the rest: " + routed);
        assertEquals(expected.stream().sorted().toList(), routed.stream().sorted().toList(), "each item once");
    }
}
