package xyz.scaledown.camel.aggregation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One DataSource serves aggregation, submit and results: the batch a {@link JdbcScaleDownAggregationRepository}
 * aggregates is the very record {@code scaledown:submit?trackerDataSource=} posts and tracks, its items the rows the
 * adds wrote (custom_id, request line and correlation headers written once), and no other table is used.
 */
class AggregatedBatchIsOneRecordTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private HikariDataSource database;
    private CamelContext context;

    @AfterEach
    void stop() {
        context.stop();
        database.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "postgres", "h2" })
    void theAggregatedRecordIsTheOneSubmitPostsAndTracks(String db) throws Exception {
        database = db.equals("h2") ? TestDatabases.newH2Database() : TestDatabases.newPostgresDatabase();
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\"}")));
        ProducerTemplate in = start();

        in.sendBodyAndHeader("direct:in", SummarizeItem.of("a", "one"), "Row", 1);
        in.sendBodyAndHeader("direct:in", SummarizeItem.of("b", "two"), "Row", 2);
        List<String> open = rows("SELECT batch_key, state FROM scaledown_batch");
        assertEquals(1, open.size(), "the open batch is a record of the store: " + open);
        String batchKey = open.get(0).split(" ")[0];
        assertEquals(batchKey + " open", open.get(0));
        List<String> items = rows("SELECT custom_id, correlations, request_line FROM scaledown_item WHERE batch_key = "
                + batchKey + " ORDER BY item_index");
        assertEquals(2, items.size());
        assertTrue(items.get(0).startsWith("a {\"CamelScaleDownModel\":\"summarize\",\"Row\":1} {\"custom_id\":\"a\""),
                "custom_id, correlation headers and request line written with the add: " + items.get(0));

        in.sendBodyAndHeader("direct:in", SummarizeItem.of("c", "three"), "Row", 3);
        // the batch is full: the next item completes it and opens the next batch
        in.sendBodyAndHeader("direct:in", SummarizeItem.of("d", "four"), "Row", 4);

        awaitRows("SELECT batch_key FROM scaledown_batch WHERE state = 'submitted' AND exchange_id IS NULL");
        api.verify(1, postRequestedFor(urlEqualTo("/v1/batches")));
        assertEquals(List.of(batchKey + " submitted b-1 null"),
                rows("SELECT batch_key, state, batch_id, exchange_id FROM scaledown_batch WHERE batch_key = " + batchKey),
                "submit took the aggregated record in place, tracked it, and Camel's confirm detached the exchange");
        List<String> tracked = rows("SELECT custom_id, correlations FROM scaledown_item WHERE batch_key = " + batchKey
                + " ORDER BY item_index");
        assertEquals(List.of("a {\"CamelScaleDownModel\":\"summarize\",\"Row\":1}",
                "b {\"CamelScaleDownModel\":\"summarize\",\"Row\":2}",
                "c {\"CamelScaleDownModel\":\"summarize\",\"Row\":3}"), tracked,
                "the rows the adds wrote are the tracked items");
        assertEquals(List.of("scaledown_batch", "scaledown_item"),
                rows("SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) LIKE"
                        + " 'scaledown%' ORDER BY 1"));
    }

    private ProducerTemplate start() throws Exception {
        context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.one-record.0123456789");
        context.addComponent("scaledown", component);
        context.getRegistry().bind("ds", database);
        JdbcScaleDownAggregationRepository repository = new JdbcScaleDownAggregationRepository(database);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().correlationHeaders("Row")
                                .maxItems(3))
                        .aggregationRepository(repository)
                        .completionTimeout(60_000)
                        .to("scaledown:submit?trackerDataSource=#ds");
            }
        });
        context.start();
        return context.createProducerTemplate();
    }

    /** The aggregator sends a completed batch on from a thread of its own. */
    private void awaitRows(String sql) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (rows(sql).isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no row within 30 s: " + sql + "; batches: "
                        + rows("SELECT batch_key, state, exchange_id FROM scaledown_batch"));
            }
            Thread.sleep(20);
        }
    }

    /** Each row's columns joined by a space. */
    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(result.getObject(i)));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
