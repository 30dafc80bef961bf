package xyz.scaledown.camel.aggregation;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes sharing one {@link JdbcScaleDownAggregationRepository} table on PostgreSQL, each a CamelContext with a
 * repository of its own, aggregating under the same correlation key.
 */
class SharedJdbcAggregationTest {

    private static final String CUSTOM_IDS = "customIds";

    private final HikariDataSource database = TestDatabases.newPostgresDatabase();
    private final List<CamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        for (CamelContext node : nodes) {
            node.stop();
        }
        database.close();
    }

    @Test
    void theOpenBatchOfANodeGoneIsCompletedByALiveNodeWithItsOwnOpenBatchUnderTheSameKey() throws Exception {
        CamelContext gone = node("gone", new JdbcScaleDownAggregationRepository(database));
        CamelContext live = node("live", new JdbcScaleDownAggregationRepository(database));
        MockEndpoint out = live.getEndpoint("mock:out", MockEndpoint.class);
        out.expectedMessageCount(1);

        gone.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("g1", "one"));
        live.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("l1", "one"));
        gone.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("g2", "two"));
        live.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("l2", "two"));
        gone.stop();

        out.assertIsSatisfied(20_000);
        assertEquals(List.of("g1", "g2"), out.getReceivedExchanges().get(0).getProperty(CUSTOM_IDS),
                "the live node completed the gone node's batch, with its items only");
    }

    @Test
    void aNodeWhoseLeaseRanOutWhilePausedIsRefusedItsBatchOnceAnotherNodeTookItOver() throws Exception {
        JdbcScaleDownAggregationRepository paused = new JdbcScaleDownAggregationRepository(database);
        CamelContext slow = node("paused", paused);
        CamelContext live = node("live", new JdbcScaleDownAggregationRepository(database));
        MockEndpoint out = live.getEndpoint("mock:out", MockEndpoint.class);
        out.expectedMessageCount(1);
        slow.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("p1", "one"));

        // as a pause longer than the lease would leave it
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE scaledown_batch SET owner_until = CURRENT_TIMESTAMP"
                    + " - INTERVAL '1 second' WHERE exchange_id IS NOT NULL");
        }
        out.assertIsSatisfied(20_000);

        CamelExecutionException refused = assertThrows(CamelExecutionException.class,
                () -> slow.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("p2", "two")));
        assertTrue(refused.getCause() instanceof BatchTakenOverException, String.valueOf(refused.getCause()));
        // the next item opens a batch of its own on the paused node
        slow.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("p2", "two"));
        assertEquals(List.of("p2"), customIds(paused.get(slow, "k").getMessage().getBody(ScaleDownBatch.class)));
    }

    @Test
    void anOpenBatchANodeStartingResumesIsRefusedToTheNodeWhoseLeaseRanOut() throws Exception {
        JdbcScaleDownAggregationRepository paused = new JdbcScaleDownAggregationRepository(database);
        CamelContext slow = node("paused", paused);
        slow.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("p1", "one"));
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE scaledown_batch SET owner_until = CURRENT_TIMESTAMP"
                    + " - INTERVAL '1 second' WHERE exchange_id IS NOT NULL");
        }

        // a node starting resumes the open batch as its own, still open
        JdbcScaleDownAggregationRepository resuming = new JdbcScaleDownAggregationRepository(database);
        CamelContext live = node("resuming", resuming);

        CamelExecutionException refused = assertThrows(CamelExecutionException.class,
                () -> slow.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("p2", "two")));
        assertTrue(refused.getCause() instanceof BatchTakenOverException, String.valueOf(refused.getCause()));
        live.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("l1", "three"));
        assertEquals(List.of("p1", "l1"), customIds(resuming.get(live, "k").getMessage().getBody(ScaleDownBatch.class)),
                "the resuming node adds to the batch it took, which holds nothing of the refused add");
    }

    @Test
    void aTakeOverWaitsForTheAddInFlightSoTheTakenBatchKeepsItsItem() throws Exception {
        CamelContext slow = node("paused", new JdbcScaleDownAggregationRepository(database));
        CamelContext live = node("live", new JdbcScaleDownAggregationRepository(database));
        MockEndpoint out = live.getEndpoint("mock:out", MockEndpoint.class);
        slow.createProducerTemplate().sendBody("direct:in", SummarizeItem.of("p1", "one"));

        // the paused node's next add, in flight: its item row inserted and not yet committed
        try (Connection inFlight = database.getConnection(); Statement add = inFlight.createStatement()) {
            inFlight.setAutoCommit(false);
            add.executeUpdate("INSERT INTO scaledown_item (batch_key, item_index, custom_id, request_line)"
                    + " SELECT batch_key, 1, 'p2', '{}' FROM scaledown_batch WHERE exchange_id IS NOT NULL");
            try (Connection other = database.getConnection(); Statement expire = other.createStatement()) {
                expire.executeUpdate("UPDATE scaledown_batch SET owner_until = CURRENT_TIMESTAMP"
                        + " - INTERVAL '1 second' WHERE exchange_id IS NOT NULL");
            }
            Thread.sleep(1_000); // recovery rounds of the live node, each trying the take-over
            assertEquals(0, out.getReceivedCounter(), "the take-over waits while the add is in flight");
            inFlight.commit();
        }

        out.expectedMessageCount(1);
        out.assertIsSatisfied(20_000);
        assertEquals(List.of("p1", "p2"), out.getReceivedExchanges().get(0).getProperty(CUSTOM_IDS),
                "the add that committed first went with the batch to the node taking it");
    }

    @Test
    void aRouteRemovedFromANodeLeavesTheLeaseOfItsOtherRoutesOnTheSameDataSource() throws Exception {
        JdbcScaleDownAggregationRepository other = new JdbcScaleDownAggregationRepository(database);
        JdbcScaleDownAggregationRepository kept = new JdbcScaleDownAggregationRepository(database);
        CamelContext node = node("two-routes", other);
        kept.setRecoveryInterval(100, TimeUnit.MILLISECONDS);
        node.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:kept").routeId("kept")
                        .aggregate(constant("k"), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(kept)
                        .completionTimeout(60_000)
                        .to("mock:kept");
            }
        });
        CamelContext live = node("live", new JdbcScaleDownAggregationRepository(database));
        MockEndpoint taken = live.getEndpoint("mock:out", MockEndpoint.class);
        node.createProducerTemplate().sendBody("direct:kept", SummarizeItem.of("k1", "one"));

        String otherRoute = node.getRoutes().stream().filter(route -> !route.getRouteId().equals("kept")).findFirst()
                .orElseThrow().getRouteId();
        node.getRouteController().stopRoute(otherRoute);
        node.removeRoute(otherRoute); // shuts its aggregator down, and so stops its repository

        // recovery rounds of the live node: a released lease would be taken at the first
        Thread.sleep(1_000);

        assertEquals(0, taken.getReceivedCounter(), "the live node took none of the running route's batches");
        node.createProducerTemplate().sendBody("direct:kept", SummarizeItem.of("k2", "two"));
        assertEquals(List.of("k1", "k2"), customIds(kept.get(node, "k").getMessage().getBody(ScaleDownBatch.class)),
                "the running route goes on adding to its own batch");
    }

    private static List<String> customIds(ScaleDownBatch batch) {
        List<String> ids = new ArrayList<>();
        batch.body().forEachCustomId(ids::add);
        return ids;
    }

    private CamelContext node(String name, JdbcScaleDownAggregationRepository repository) throws Exception {
        repository.setRecoveryInterval(100, TimeUnit.MILLISECONDS);
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant("k"), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(repository)
                        .completionTimeout(60_000)
                        // read while the batch is in flight: once the exchange completed, the aggregator confirms it
                        // and the repository deletes the items its body streams from
                        .process(exchange -> exchange.setProperty(CUSTOM_IDS,
                                customIds(exchange.getMessage().getBody(ScaleDownBatch.class))))
                        .to("mock:out");
            }
        });
        context.start();
        nodes.add(context);
        return context;
    }
}
