package xyz.scaledown.camel;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Camel applications ("nodes") on one database through {@code trackerDataSource=#ds}: they share the batches, a
 * slow item does not let the other node take a batch, and a node that lost its lease stops at once without marking
 * while the other resumes the batch from the delivery marks.
 */
class SharedJdbcTrackerRoutesTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private HikariDataSource database;
    private final List<CamelContext> nodes = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> deliveredBy = Map.of("a", new CopyOnWriteArrayList<>(), "b",
            new CopyOnWriteArrayList<>());

    @BeforeEach
    void openDatabase() {
        database = TestDatabases.newH2Database();
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (CamelContext node : nodes) {
            node.close();
        }
        database.close();
    }

    private CamelContext startNode(String name, long leaseMillis, Processor beforeDelivery) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(variable -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.shared-jdbc-test");
        component.getConfiguration().setLeaseDuration(leaseMillis);
        context.addComponent("scaledown", component);
        context.getRegistry().bind("ds", database);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDataSource=#ds");
                from("scaledown:results?trackerDataSource=#ds&delay=20&initialDelay=0")
                        .process(beforeDelivery)
                        .process(exchange -> deliveredBy.get(name).add(customId(exchange)));
            }
        });
        context.start();
        nodes.add(context);
        return context;
    }

    private static String customId(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
    }

    private static void stubCompletedBatch(String batchId, List<String> customIds) {
        api.stubFor(get("/v1/batches/" + batchId).willReturn(okJson("{\"batch_id\":\"" + batchId
                                                                    + "\",\"status\":\"completed\"}")));
        String output = customIds.stream().map(id -> WireMockCamelTestSupport.outputLine(id, "summarize",
                "{\"summary\":\"s\",\"input_chars\":1,\"output_chars\":1}") + "\n").collect(Collectors.joining());
        api.stubFor(get("/v1/batches/" + batchId + "/output").willReturn(aResponse().withStatus(200).withBody(output)));
    }

    private static List<SummarizeItem> items(List<String> customIds) {
        return customIds.stream().map(id -> SummarizeItem.of(id, "text of " + id)).toList();
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private boolean allDelivered(int count) {
        return deliveredBy.values().stream().mapToInt(List::size).sum() >= count;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        await(condition, 10_000);
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void twoNodesOnOneDatabaseDeliverEveryItemOnce() throws Exception {
        CamelContext nodeA = startNode("a", 60_000, exchange -> {
        });
        startNode("b", 60_000, exchange -> {
        });
        for (int b = 0; b < 4; b++) {
            List<String> customIds = ids("b" + b + "-", 3);
            api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"batch-" + b
                                                             + "\",\"status\":\"queued\",\"total_count\":3}")));
            stubCompletedBatch("batch-" + b, customIds);
            nodeA.createProducerTemplate().sendBody("direct:submit", items(customIds));
        }

        await(() -> allDelivered(12));
        Thread.sleep(200);

        Map<String, Long> times = deliveredBy.values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(12, times.size(), "every item delivered: " + deliveredBy);
        assertTrue(times.values().stream().allMatch(n -> n == 1), "each once: " + deliveredBy);
        await(() -> nodeA.getEndpoint("scaledown:results?trackerDataSource=#ds", ScaleDownEndpoint.class)
                .getTracker().pending().isEmpty());
        assertTrue(nodeA.getEndpoint("scaledown:results?trackerDataSource=#ds", ScaleDownEndpoint.class).getTracker()
                .pending().isEmpty(), "every batch left the shared tracker");
    }

    /**
     * Each node renews its lease on a schedule while it delivers, whatever an item takes: with leases of 3 s and items
     * of 2.5 s and 0.9 s (a renewal between items alone would let the lease run out during the third), the other
     * node never takes the batch, so no item is routed by both, or at the same time.
     */
    @Test
    void aSlowItemDoesNotLetTheOtherNodeTakeTheBatch() throws Exception {
        List<String> customIds = ids("doc-", 4);
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-slow\",\"status\":\"queued\","
                                                         + "\"total_count\":4}")));
        stubCompletedBatch("b-slow", customIds);
        AtomicInteger inRoute = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Processor slowItems = exchange -> {
            mostAtOnce.accumulateAndGet(inRoute.incrementAndGet(), Math::max);
            try {
                int index = Integer.parseInt(customId(exchange).substring("doc-".length()));
                Thread.sleep(index % 2 == 0 ? 2_500 : 900);
            } finally {
                inRoute.decrementAndGet();
            }
        };
        CamelContext nodeA = startNode("a", 3_000, slowItems);
        startNode("b", 3_000, slowItems);

        nodeA.createProducerTemplate().sendBody("direct:submit", items(customIds));
        await(() -> allDelivered(4), 20_000);
        Thread.sleep(500);

        assertEquals(1, mostAtOnce.get(), "the two nodes routed items of the batch at the same time: " + deliveredBy);
        List<String> all = deliveredBy.values().stream().flatMap(List::stream).sorted().toList();
        assertEquals(customIds, all, "each item once: " + deliveredBy);
    }

    /**
     * A node whose lease is lost (its renewals did not get through: a long pause, a network cut) stops after the item
     * it was routing, without marking it; the other node takes the batch and resumes from the delivery marks.
     */
    @Test
    void aNodeThatLostItsLeaseStopsWithoutMarkingAndTheOtherResumes() throws Exception {
        List<String> customIds = ids("doc-", 6);
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-s\",\"status\":\"queued\","
                                                         + "\"total_count\":6}")));
        stubCompletedBatch("b-s", customIds);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch otherNodeDone = new CountDownLatch(1);
        CamelContext nodeA = startNode("a", 60_000, exchange -> {
            if ("doc-1".equals(customId(exchange))) {
                stalled.countDown();
                otherNodeDone.await(10, TimeUnit.SECONDS);
            }
        });
        nodeA.createProducerTemplate().sendBody("direct:submit", items(customIds));
        assertTrue(stalled.await(10, TimeUnit.SECONDS));
        // what a pause past the lease leaves behind: the lease ran out while another holder came and went
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE scaledown_batch SET lease_owner = 'a-node-that-came-and-went',"
                                    + " lease_until = TIMESTAMP '2000-01-01 00:00:00' WHERE batch_id = 'b-s'");
        }

        startNode("b", 60_000, exchange -> {
            if ("doc-5".equals(customId(exchange))) {
                otherNodeDone.countDown();
            }
        });
        await(() -> deliveredBy.get("b").size() == 5 && deliveredBy.get("a").size() == 2);
        Thread.sleep(200);

        assertEquals(List.of("doc-0", "doc-1"), deliveredBy.get("a"),
                "node a stops after the item it was routing when it lost the lease");
        assertEquals(List.of("doc-1", "doc-2", "doc-3", "doc-4", "doc-5"), deliveredBy.get("b"),
                "node b resumes from the first item not marked delivered: only the in-flight item comes twice");
    }

    @Test
    void endpointsOnOneDataSourceWithDifferentLeaseDurationsAreRefused() throws Exception {
        CamelContext node = startNode("a", 60_000, exchange -> {
        });
        // refused when the endpoint starts, which opens its tracker
        IllegalArgumentException refused = assertInstanceOf(IllegalArgumentException.class, assertThrows(
                ResolveEndpointFailedException.class,
                () -> node.getEndpoint("scaledown:submit?trackerDataSource=#ds&leaseDuration=5000")).getCause());
        assertEquals("leaseDuration=5000 differs from the 60000 ms of the tracker another endpoint opened on this"
                     + " trackerDataSource: endpoints on one DataSource share one tracker, so set leaseDuration on the"
                     + " component", refused.getMessage());
    }

    @Test
    void trackerDataSourceAndTrackerDirectoryTogetherAreRefused() throws Exception {
        CamelContext node = startNode("a", 60_000, exchange -> {
        });
        IllegalArgumentException refused = assertInstanceOf(IllegalArgumentException.class, assertThrows(
                ResolveEndpointFailedException.class,
                () -> node.getEndpoint("scaledown:results?trackerDataSource=#ds&trackerDirectory=target/x"))
                .getCause());
        assertEquals("trackerDataSource and trackerDirectory are both set: a batch is tracked in one store, so set only"
                     + " one of them", refused.getMessage());
    }
}
