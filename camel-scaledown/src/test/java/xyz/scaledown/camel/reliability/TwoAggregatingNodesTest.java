package xyz.scaledown.camel.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownComponent;
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

/**
 * Two nodes (two CamelContexts, each with its own {@link JdbcScaleDownAggregationRepository}) aggregate single-item
 * exchanges under one correlation key into one PostgreSQL database and submit the batches: each node's open batch is
 * its own, and a batch one node completed is not recovered by the other while it is being submitted, so every
 * acknowledged item is posted exactly once.
 */
class TwoAggregatingNodesTest {

    private static final int ITEMS_PER_NODE = 300;
    private static final Pattern CUSTOM_ID = Pattern.compile("\"custom_id\":\"([^\"]+)\"");

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

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
    void twoNodesAggregatingIntoOneDatabasePostEachAcknowledgedItemExactlyOnce() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-{{randomValue length=16"
                + " type='ALPHANUMERIC'}}\",\"status\":\"queued\"}").withTransformers("response-template")));
        ProducerTemplate a = startNode("a");
        ProducerTemplate b = startNode("b");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> sending = List.of(senders.submit(() -> send(a, "a", acknowledged)),
                    senders.submit(() -> send(b, "b", acknowledged)));
            for (Future<?> sent : sending) {
                sent.get();
            }
        } finally {
            senders.shutdown();
        }

        awaitEmpty("SELECT count(*) FROM scaledown_batch WHERE exchange_id IS NOT NULL");
        // a recovery round more on both nodes: a batch taken twice would be posted by now
        Thread.sleep(1_000);

        Map<String, Integer> posted = postedCustomIds();
        assertEquals(new TreeSet<>(acknowledged), new TreeSet<>(posted.keySet()), "every acknowledged item was posted");
        Map<String, Integer> twice = new HashMap<>();
        posted.forEach((id, count) -> {
            if (count > 1) {
                twice.put(id, count);
            }
        });
        assertEquals(Map.of(), twice, "no item was posted twice");
    }

    private ProducerTemplate startNode(String name) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("node-" + name);
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.two-nodes.0123456789");
        context.addComponent("scaledown", component);
        JdbcScaleDownAggregationRepository repository = new JdbcScaleDownAggregationRepository(database);
        repository.setRecoveryInterval(100);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(40))
                        .aggregationRepository(repository)
                        .completionTimeout(300)
                        .to("scaledown:submit");
            }
        });
        context.start();
        nodes.add(context);
        return context.createProducerTemplate();
    }

    /** Hands in this node's items one exchange at a time; an item is acknowledged when its send returned. */
    private static void send(ProducerTemplate node, String name, Set<String> acknowledged) {
        for (int i = 0; i < ITEMS_PER_NODE; i++) {
            String customId = name + "-" + i;
            try {
                node.sendBody("direct:in", SummarizeItem.of(customId, "Text " + i + " of node " + name + "."));
                acknowledged.add(customId);
            } catch (CamelExecutionException e) {
                // not acknowledged: the sender would hand it in again
            }
        }
    }

    private Map<String, Integer> postedCustomIds() {
        Map<String, Integer> counts = new HashMap<>();
        for (LoggedRequest request : api.findAll(postRequestedFor(urlEqualTo("/v1/batches")))) {
            Matcher id = CUSTOM_ID.matcher(request.getBodyAsString());
            while (id.find()) {
                counts.merge(id.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    private void awaitEmpty(String countSql) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (var connection = database.getConnection(); var statement = connection.createStatement();
                 var rows = statement.executeQuery(countSql)) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the batches were not all submitted and confirmed within 60 s");
    }
}
