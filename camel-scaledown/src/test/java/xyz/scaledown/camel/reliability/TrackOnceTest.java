package xyz.scaledown.camel.reliability;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
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
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database error between tracking a batch and recording its intent as tracked must not make the submit that comes
 * back (a redelivery, the aggregator's recovery) track the batch a second time, which would emit every item twice:
 * on the JDBC tracker both are one transaction.
 */
class TrackOnceTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final HikariDataSource database = TestDatabases.newPostgresDatabase();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private CamelContext context;

    @AfterEach
    void close() throws Exception {
        if (context != null) {
            context.close();
        }
        database.close();
    }

    @Test
    void aStoreErrorAfterTrackingDoesNotMakeTheRetriedSubmitTrackTheBatchAgain() throws Exception {
        List<String> customIds = List.of("doc-0", "doc-1", "doc-2");
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-once\",\"status\":\"queued\","
                + "\"total_count\":3}")));
        api.stubFor(get("/v1/batches/b-once").willReturn(okJson("{\"batch_id\":\"b-once\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-once/output").willReturn(aResponse().withStatus(200).withBody(customIds.stream()
                .map(id -> "{\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":200,\"body\":{\"model\":"
                        + "\"summarize\",\"choices\":[{\"message\":{\"content\":\"{\\\"summary\\\":\\\"s\\\"}\"}}]}},"
                        + "\"error\":null}\n")
                .collect(Collectors.joining()))));
        context = start();
        // the store fails the step that tracks the batch's record
        execute("CREATE FUNCTION fail_tracked() RETURNS trigger AS $$ BEGIN IF NEW.state = 'submitted' THEN"
                + " RAISE EXCEPTION 'the store failed'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql");
        execute("CREATE TRIGGER fail_tracked BEFORE UPDATE ON scaledown_batch FOR EACH ROW"
                + " EXECUTE FUNCTION fail_tracked()");

        Exchange failed = context.createProducerTemplate().send("direct:submit",
                e -> e.getMessage().setBody(items(customIds)));
        assertNotNull(failed.getException(), "the submit failed");
        // whatever the first attempt left tracked is delivered meanwhile
        await(this::nothingPending);
        Thread.sleep(200);

        execute("DROP TRIGGER fail_tracked ON scaledown_batch");
        Exchange retried = context.createProducerTemplate().send("direct:submit",
                e -> e.getMessage().setBody(items(customIds)));
        assertEquals(null, retried.getException());
        await(() -> delivered.size() >= 3 && nothingPending());
        Thread.sleep(200);

        Map<String, Long> times = delivered.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(Map.of("doc-0", 1L, "doc-1", 1L, "doc-2", 1L), times, "each item once");
        api.verify(1, postRequestedFor(urlEqualTo("/v1/batches")));
    }

    private boolean nothingPending() {
        return context.getEndpoint("scaledown:results?trackerDataSource=#ds", ScaleDownEndpoint.class).getTracker()
                .pending().isEmpty();
    }

    private static List<SummarizeItem> items(List<String> customIds) {
        return customIds.stream().map(id -> SummarizeItem.of(id, "text of " + id)).toList();
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private CamelContext start() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.track-once-test");
        camel.addComponent("scaledown", component);
        camel.getRegistry().bind("ds", database);
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
