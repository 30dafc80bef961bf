package xyz.scaledown.camel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.SynchronizationAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A results route {@code transacted()} on the DataSource of the JDBC store ({@code trackerDataSource}), on
 * PostgreSQL: the route's insert and the item's delivered mark commit or roll back together, so each item is in the
 * route's table exactly once, with no idempotent repository.
 */
class TransactedResultsRouteTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private HikariDataSource database;
    private final List<CamelContext> nodes = new CopyOnWriteArrayList<>();
    private final List<String> redelivered = new CopyOnWriteArrayList<>();
    /** The exchanges that failed, as node:custom_id. */
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openDatabase() throws Exception {
        database = TestDatabases.newPostgresDatabase();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE summaries (custom_id VARCHAR(100), node VARCHAR(10))");
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (CamelContext node : nodes) {
            node.close();
        }
        database.close();
    }

    /**
     * A node whose results route inserts each item into {@code summaries} in a transaction on {@code #ds}, then runs
     * {@code inTransaction} (still inside it); the route's last step, after the transaction, is {@code afterCommit}.
     */
    private CamelContext startNode(String name, long leaseMillis, Processor inTransaction, Processor afterCommit)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(variable -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.transacted-test");
        component.getConfiguration().setLeaseDuration(leaseMillis);
        context.addComponent("scaledown", component);
        context.getRegistry().bind("ds", database);
        context.getRegistry().bind("required", new SpringTransactionPolicy(new DataSourceTransactionManager(database)));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDataSource=#ds");
                from("scaledown:results?trackerDataSource=#ds&delay=20&initialDelay=0&retryInitialDelay=10")
                        .process(exchange -> {
                            if (exchange.getIn().getHeader(Exchange.REDELIVERED, false, Boolean.class)) {
                                redelivered.add(customId(exchange));
                            }
                            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                                @Override
                                public void onFailure(Exchange failed) {
                                    failures.add(name + ":" + customId(failed));
                                }
                            });
                        })
                        .to("direct:insert")
                        .process(afterCommit);
                from("direct:insert")
                        .transacted("required")
                        .process(exchange -> insert(exchange, name))
                        .process(inTransaction);
            }
        });
        context.start();
        nodes.add(context);
        return context;
    }

    /** The route's own write, on the connection of the transaction it runs in. */
    private void insert(Exchange exchange, String node) throws Exception {
        Connection connection = DataSourceUtils.getConnection(database);
        try (var insert = connection.prepareStatement("INSERT INTO summaries (custom_id, node) VALUES (?, ?)")) {
            insert.setString(1, customId(exchange));
            insert.setString(2, node);
            insert.executeUpdate();
        } finally {
            DataSourceUtils.releaseConnection(connection, database);
        }
    }

    private static String customId(Exchange exchange) {
        return exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
    }

    private static final Processor NOTHING = exchange -> {
    };

    private void submitCompletedBatch(CamelContext node, String batchId, List<String> customIds) {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"" + batchId + "\",\"status\":\"queued\","
                                                         + "\"total_count\":" + customIds.size() + "}")));
        api.stubFor(get("/v1/batches/" + batchId).willReturn(okJson("{\"batch_id\":\"" + batchId
                                                                    + "\",\"status\":\"completed\"}")));
        String output = customIds.stream().map(id -> WireMockCamelTestSupport.outputLine(id, "summarize",
                "{\"summary\":\"s\",\"input_chars\":1,\"output_chars\":1}") + "\n").collect(Collectors.joining());
        api.stubFor(get("/v1/batches/" + batchId + "/output").willReturn(aResponse().withStatus(200).withBody(output)));
        node.createProducerTemplate().sendBody("direct:submit",
                customIds.stream().map(id -> SummarizeItem.of(id, "text of " + id)).toList());
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "doc-" + i).toList();
    }

    /** The rows per custom_id of the route's table. */
    private Map<String, Integer> rowsPerCustomId() throws Exception {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT custom_id, COUNT(*) FROM summaries GROUP BY custom_id")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getInt(2));
            }
        }
        return rows;
    }

    private String nodesOf(String customId) throws Exception {
        try (Connection connection = database.getConnection();
             var select = connection.prepareStatement("SELECT node FROM summaries WHERE custom_id = ?")) {
            select.setString(1, customId);
            try (ResultSet result = select.executeQuery()) {
                StringBuilder nodes = new StringBuilder();
                while (result.next()) {
                    nodes.append(result.getString(1));
                }
                return nodes.toString();
            }
        }
    }

    private int pendingBatches() throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM scaledown_batch WHERE state <> 'delivered'")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void await(BooleanSupplierWithException condition) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface BooleanSupplierWithException {
        boolean get() throws Exception;
    }

    private static Map<String, Integer> once(List<String> customIds) {
        Map<String, Integer> expected = new TreeMap<>();
        customIds.forEach(id -> expected.put(id, 1));
        return expected;
    }

    @Test
    void anItemWhoseTransactionRollsBackComesAgainAndIsInsertedOnce() throws Exception {
        List<String> customIds = ids(4);
        AtomicBoolean rolledBack = new AtomicBoolean();
        CamelContext node = startNode("a", 60_000, exchange -> {
            if ("doc-2".equals(customId(exchange)) && rolledBack.compareAndSet(false, true)) {
                // after the insert, in the transaction: the insert is undone
                exchange.setRollbackOnly(true);
            }
        }, NOTHING);

        submitCompletedBatch(node, "b-rollback", customIds);
        await(() -> pendingBatches() == 0);

        assertTrue(rolledBack.get());
        assertEquals(once(customIds), rowsPerCustomId(), "each item in the route's table once");
        assertEquals(List.of("doc-2"), redelivered, "the rolled-back item came again, as redelivered");
        assertEquals(0, pendingBatches(), "every item delivered, so the batch left the store");
    }

    /**
     * The window a kill after the commit leaves: the route's transaction committed its insert, and the exchange fails
     * after. The item's delivered mark committed with the insert, so the item does not come again and is not inserted
     * twice (marked after the exchange, it came again).
     */
    @Test
    void anItemWhoseTransactionCommittedIsNotRoutedAgainWhateverHappensAfter() throws Exception {
        List<String> customIds = ids(4);
        AtomicBoolean failed = new AtomicBoolean();
        CamelContext node = startNode("a", 60_000, NOTHING, exchange -> {
            if ("doc-1".equals(customId(exchange)) && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("the node goes down right after the commit");
            }
        });

        submitCompletedBatch(node, "b-after-commit", customIds);
        await(() -> pendingBatches() == 0);

        assertTrue(failed.get());
        assertEquals(once(customIds), rowsPerCustomId(), "each item in the route's table once");
        assertEquals(List.of(), redelivered, "no item came again");
    }

    /**
     * A node that lost the batch's lease while its item was in its transaction (a pause past the lease, and another
     * node took the batch): its mark is refused, so its transaction rolls back, insert included. Only the node holding
     * the batch inserts the item.
     */
    @Test
    void aNodeThatLostItsLeaseHasItsInsertRolledBack() throws Exception {
        List<String> customIds = ids(6);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch leaseTaken = new CountDownLatch(1);
        CamelContext nodeA = startNode("a", 60_000, exchange -> {
            if ("doc-1".equals(customId(exchange))) {
                stalled.countDown();
                leaseTaken.await(10, TimeUnit.SECONDS);
            }
        }, NOTHING);
        submitCompletedBatch(nodeA, "b-lost", customIds);
        assertTrue(stalled.await(10, TimeUnit.SECONDS));
        // what a pause past the lease leaves behind: the lease ran out while another holder came and went
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE scaledown_batch SET lease_owner = 'a-node-that-came-and-went',"
                                    + " lease_until = TIMESTAMP '2000-01-01 00:00:00' WHERE batch_id = 'b-lost'");
        }
        // node b takes the batch; node a's transaction goes on once b routes its items
        startNode("b", 60_000, exchange -> {
            if ("doc-2".equals(customId(exchange))) {
                leaseTaken.countDown();
            }
        }, NOTHING);
        await(() -> pendingBatches() == 0 && failures.contains("a:doc-1"));

        assertEquals(List.of("a:doc-1"), failures, "node a's exchange failed: its transaction did not commit");
        assertEquals(once(customIds), rowsPerCustomId(), "each item in the route's table once");
        assertEquals("a", nodesOf("doc-0"));
        assertEquals("b", nodesOf("doc-1"), "node a's insert of the item in flight was rolled back");
        assertEquals("b", nodesOf("doc-5"));
    }
}
