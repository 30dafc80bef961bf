package xyz.scaledown.camel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One clock on the JDBC store: {@code batchTimeout} is counted on the database's clock, like the leases and the next
 * poll times, whatever the node's clock says. The database here runs two hours ahead of the node (every
 * {@code CURRENT_TIMESTAMP} the store's statements read is shifted, as on a server whose clock differs).
 */
class DatabaseClockTest {

    private static final String AHEAD = "(CURRENT_TIMESTAMP + INTERVAL '2 hours')";

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private HikariDataSource database;
    private DataSource twoHoursAhead;
    private CamelContext context;
    private final List<Exchange> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openDatabase() {
        database = TestDatabases.newPostgresDatabase();
        twoHoursAhead = clockAhead(database);
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        database.close();
    }

    /**
     * Submitted 90 minutes ago on the database's clock, which is 30 minutes in the future on the node's: with
     * {@code batchTimeout} of one hour the batch timed out, and its item comes out as a {@code batch_timeout} error item.
     */
    @Test
    void aBatchTimesOutOnTheDatabasesClockWhateverTheNodesClockSays() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-clock\",\"status\":\"queued\","
                                                         + "\"total_count\":1}")));
        api.stubFor(get("/v1/batches/b-clock").willReturn(okJson("{\"batch_id\":\"b-clock\","
                                                                 + "\"status\":\"in_progress\"}")));
        context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(variable -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.clock-test");
        context.addComponent("scaledown", component);
        context.getRegistry().bind("ds", twoHoursAhead);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDataSource=#ds");
                from("scaledown:results?trackerDataSource=#ds&delay=20&initialDelay=0&batchTimeout=3600000")
                        .routeId("results").autoStartup(false)
                        .process(delivered::add);
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:submit", List.of(SummarizeItem.of("doc-1", "a text")));
        try (Connection connection = twoHoursAhead.getConnection();
             Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("UPDATE scaledown_batch SET submitted_at = CURRENT_TIMESTAMP"
                                                    + " - INTERVAL '90 minutes' WHERE batch_id = 'b-clock'"));
        }

        context.getRouteController().startRoute("results");
        long deadline = System.currentTimeMillis() + 10_000;
        while (delivered.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }

        assertEquals(1, delivered.size(), "the batch timed out on the database's clock");
        assertEquals(ScaleDownErrorCodes.BATCH_TIMEOUT,
                delivered.get(0).getIn().getHeader(ScaleDownConstants.ERROR_CODE));
    }

    /** The database as seen through a server whose clock runs two hours ahead of this JVM's. */
    private static DataSource clockAhead(HikariDataSource database) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, arguments) -> {
                    Object result = invoke(database, method, arguments);
                    return result instanceof Connection connection ? shifted(connection, Connection.class) : result;
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> T shifted(T target, Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, arguments) -> {
            if (arguments != null && arguments.length > 0 && arguments[0] instanceof String sql
                && (method.getName().startsWith("prepare") || method.getName().startsWith("execute")
                    || method.getName().equals("addBatch"))) {
                arguments[0] = sql.replace("CURRENT_TIMESTAMP", AHEAD);
            }
            Object result = invoke(target, method, arguments);
            return result instanceof Statement statement && method.getName().equals("createStatement")
                    ? shifted(statement, Statement.class) : result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
            throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
