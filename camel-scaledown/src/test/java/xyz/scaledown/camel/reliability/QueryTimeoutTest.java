package xyz.scaledown.camel.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code queryTimeout}: a statement blocked by a lock another connection holds (a network partition, a long
 * migration) fails after the timeout instead of holding the route's thread for ever. On PostgreSQL, whose lock waits
 * have no limit of their own.
 */
class QueryTimeoutTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final HikariDataSource database = TestDatabases.newPostgresDatabase();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private CamelContext context;

    @AfterEach
    void close() throws Exception {
        if (context != null) {
            context.close();
        }
        pools.forEach(HikariDataSource::close);
        database.close();
    }

    @Test
    void aSubmitWhoseIntentTableIsLockedFailsAfterTheQueryTimeoutAndPostsNothing() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\"}")));
        context = start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDataSource=#ds&queryTimeout=1s");
            }
        });
        context.getEndpoint("scaledown:submit?trackerDataSource=#ds&queryTimeout=1s", ScaleDownEndpoint.class)
                .getTracker();

        Exception failure = whileLocked("scaledown_batch", () -> {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(List.of(SummarizeItem.of("one", "text")));
            return context.createProducerTemplate().send("direct:submit", exchange).getException();
        });

        assertNotNull(failure, "the submit failed");
        assertTrue(causes(failure).contains("canceling statement"), causes(failure));
        api.verify(0, postRequestedFor(urlEqualTo("/v1/batches")));
    }

    @Test
    void anAggregationRepositoryWhoseTableIsLockedFailsTheAddAfterItsQueryTimeout() throws Exception {
        startAggregating(database);

        assertTheAddTimesOutWhileTheBatchTableIsLocked("one");
    }

    /** The add to an open batch, on PostgreSQL cancelled by the repository's watchdog: with and without autoCommit. */
    @ParameterizedTest(name = "autoCommit={0}")
    @ValueSource(booleans = { true, false })
    void anAddToAnOpenBatchWhoseBatchTableIsLockedFailsAfterItsQueryTimeout(boolean autoCommit) throws Exception {
        startAggregating(pool(autoCommit, 8));
        context.createProducerTemplate().sendBody("direct:add", SummarizeItem.of("first", "text"));

        assertTheAddTimesOutWhileTheBatchTableIsLocked("second");
    }

    /** The add's timeout is not the server's: the pool gets its connection back as it was. */
    @ParameterizedTest(name = "autoCommit={0}")
    @ValueSource(booleans = { true, false })
    void theAddLeavesTheConnectionsStatementTimeoutAsItWas(boolean autoCommit) throws Exception {
        HikariDataSource pool = pool(autoCommit, 1);
        startAggregating(pool);
        for (int i = 0; i < 3; i++) {
            context.createProducerTemplate().sendBody("direct:add", SummarizeItem.of("item-" + i, "text"));
        }

        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW statement_timeout")) {
            rows.next();
            assertEquals("0", rows.getString(1));
            if (!autoCommit) {
                connection.rollback();
            }
        }
    }

    /** A pool of its own on the test's database, as an application would configure it. */
    private HikariDataSource pool(boolean autoCommit, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.getJdbcUrl());
        config.setUsername(TestDatabases.POSTGRES_USER);
        config.setAutoCommit(autoCommit);
        config.setMaximumPoolSize(size);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private void startAggregating(HikariDataSource pool) throws Exception {
        JdbcScaleDownAggregationRepository repository = new JdbcScaleDownAggregationRepository(pool);
        repository.setQueryTimeout(1);
        context = start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:add").aggregate(constant("all"), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(repository).completionSize(10).to("mock:batches");
            }
        });
    }

    private CamelContext start(RouteBuilder routes) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.query-timeout-test");
        camel.addComponent("scaledown", component);
        camel.getRegistry().bind("ds", database);
        camel.addRoutes(routes);
        camel.start();
        return camel;
    }

    /** Runs {@code work} while another connection holds an exclusive lock on the table; bounded, never hangs. */
    private Exception whileLocked(String table, java.util.concurrent.Callable<Exception> work) throws Exception {
        try (Connection locker = database.getConnection(); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Exception> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    return e;
                }
            });
            try {
                return result.get(60, TimeUnit.SECONDS);
            } finally {
                locker.rollback();
            }
        }
    }

    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                text.append(sql.getNextException().getMessage());
            }
        }
        return text.toString();
    }

    private void assertTheAddTimesOutWhileTheBatchTableIsLocked(String item) throws Exception {
        Exception failure = whileLocked("scaledown_batch", () -> {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(SummarizeItem.of(item, "text"));
            return context.createProducerTemplate().send("direct:add", exchange).getException();
        });

        assertNotNull(failure, "the add failed");
        assertTrue(causes(failure).contains("canceling statement"), causes(failure));
    }
}
