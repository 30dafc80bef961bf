package xyz.scaledown.camel;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
 * The JDBC tracker's PostgreSQL is stopped in the middle of a delivery and started again on the same port and data: no
 * item is lost, only the item in flight at the outage comes twice, and the consumer's readiness goes DOWN while the
 * database is unreachable and UP after.
 */
class ResultsDatabaseRestartTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final int ITEMS = 40;

    @TempDir
    Path dataDirectory;

    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private CamelContext context;
    private final List<String> routed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (context != null) {
            context.stop();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("fsync", "off").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private HealthCheck.State readiness() {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:results")).findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check of the results consumer")).getState();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void aDatabaseRestartMidDeliveryLosesNothingAndRepeatsAtMostTheInFlightItem() throws Exception {
        int port = freePort();
        postgres = startPostgres(port);
        dataSource = TestDatabases.pool(postgres.getJdbcUrl(TestDatabases.POSTGRES_USER, "postgres"),
                TestDatabases.POSTGRES_USER);
        dataSource.setConnectionTimeout(1_000);

        List<SummarizeItem> items = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) {
            items.add(SummarizeItem.of("doc-" + i, "text " + i));
            output.append(WireMockCamelTestSupport.outputLine("doc-" + i, "summarize",
                    "{\"summary\":\"s\",\"input_chars\":1,\"output_chars\":1}")).append('\n');
        }
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-db\",\"status\":\"queued\",\"total_count\":"
                                                         + ITEMS + "}")));
        api.stubFor(get("/v1/batches/b-db").willReturn(okJson("{\"batch_id\":\"b-db\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-db/output").willReturn(aResponse().withStatus(200).withBody(output.toString())));

        context = new DefaultCamelContext();
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(registry.resolveById("consumers"));
        registry.setExposureLevel("full");
        context.getRegistry().bind("ds", dataSource);
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(name -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.database-restart");
        component.getConfiguration().setLeaseDuration(2_000);
        component.getConfiguration().setRetryInitialDelay(50);
        component.getConfiguration().setRetryMaxDelay(200);
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit?trackerDataSource=#ds");
                from("scaledown:results?trackerDataSource=#ds&delay=50&initialDelay=0").routeId("results")
                        .process(exchange -> {
                            Thread.sleep(40);
                            routed.add(exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class));
                        });
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:submit", items);

        assertTrue(await(() -> routed.size() >= 10), "the delivery should be under way: " + routed);
        postgres.close();
        assertTrue(await(() -> readiness() == HealthCheck.State.DOWN), "readiness goes DOWN while the database is down");
        int routedDuringOutage = routed.size();
        postgres = startPostgres(port);

        assertTrue(await(() -> routed.stream().distinct().count() == ITEMS), "every item after the restart: " + routed);
        assertTrue(await(() -> readiness() == HealthCheck.State.UP), "readiness UP again once the database answers");
        Thread.sleep(300);

        List<String> expected = items.stream().map(SummarizeItem::customId).sorted().toList();
        assertEquals(expected, routed.stream().distinct().sorted().toList(), "no item lost");
        assertTrue(routed.size() <= ITEMS + 1, "at most the in-flight item twice (" + routedDuringOutage
                + " routed when the database went down): " + routed);
        assertTrue(await(() -> context.getEndpoint("scaledown:results?trackerDataSource=#ds", ScaleDownEndpoint.class)
                .getTracker().pending().isEmpty()), "the batch left the tracker");
    }
}
