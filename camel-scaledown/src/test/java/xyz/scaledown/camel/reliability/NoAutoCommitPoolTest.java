package xyz.scaledown.camel.reliability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
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
 * A {@code trackerDataSource} whose pool does not auto-commit (HikariCP {@code autoCommit=false}, a common production
 * setting): every write of the tracker and the intents commits explicitly, so each item is delivered once, and a
 * restart on the same database delivers nothing again.
 */
class NoAutoCommitPoolTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private HikariDataSource pool;
    private CamelContext context;

    @AfterEach
    void close() throws Exception {
        if (context != null) {
            context.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void onH2EachItemIsDeliveredOnceAndNotAgainAfterARestart() throws Exception {
        eachItemOnceAndNotAgainAfterARestart("jdbc:h2:mem:noautocommit_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa");
    }

    @Test
    void onPostgresEachItemIsDeliveredOnceAndNotAgainAfterARestart() throws Exception {
        eachItemOnceAndNotAgainAfterARestart(TestDatabases.newPostgresDatabaseUrl(), TestDatabases.POSTGRES_USER);
    }

    private void eachItemOnceAndNotAgainAfterARestart(String jdbcUrl, String user) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        List<String> customIds = IntStream.range(0, 5).mapToObj(i -> "doc-" + i).toList();
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-nac\",\"status\":\"queued\","
                + "\"total_count\":5}")));
        api.stubFor(get("/v1/batches/b-nac").willReturn(okJson("{\"batch_id\":\"b-nac\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-nac/output").willReturn(aResponse().withStatus(200).withBody(customIds.stream()
                .map(id -> "{\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":200,\"body\":{\"model\":"
                        + "\"summarize\",\"choices\":[{\"message\":{\"content\":\"{\\\"summary\\\":\\\"s\\\"}\"}}]}},"
                        + "\"error\":null}\n")
                .collect(Collectors.joining()))));

        context = start();
        context.createProducerTemplate().sendBody("direct:submit",
                customIds.stream().map(id -> SummarizeItem.of(id, "text of " + id)).toList());
        Supplier<Boolean> nothingPending = () -> context.getEndpoint("scaledown:results?trackerDataSource=#ds",
                ScaleDownEndpoint.class).getTracker().pending().isEmpty();
        await(() -> delivered.size() >= 5 && nothingPending.get());

        assertTrue(nothingPending.get(), "the delivered batch left the tracker; " + delivered.size() + " deliveries");
        assertEachOnce(customIds);

        context.close();
        context = start();
        // a few polls of the restarted consumer on the same database
        Thread.sleep(300);
        assertEachOnce(customIds);
    }

    private void assertEachOnce(List<String> customIds) {
        Map<String, Long> times = delivered.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(customIds.size(), times.size(), "every item delivered: " + times);
        assertTrue(times.values().stream().allMatch(n -> n == 1), "each item once: " + times);
    }

    private CamelContext start() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.no-autocommit-test");
        camel.addComponent("scaledown", component);
        camel.getRegistry().bind("ds", pool);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDataSource=#ds");
                from("scaledown:results?trackerDataSource=#ds&delay=20&initialDelay=0")
                        .process(exchange -> delivered.add(
                                exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)));
            }
        });
        camel.start();
        return camel;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }
}
