package xyz.scaledown.camel.aggregation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ScaleDownAggregationRepository} store must do, driven as Camel's AggregateProcessor drives it
 * (get, aggregate, add; remove on completion; confirm after the route; scan and recover after a crash).
 */
abstract class AggregationRepositoryContract {

    private static final String KEY = "batch";

    protected CamelContext context;
    private ScaleDownAggregationRepository repository;
    private final ScaleDownBatchAggregationStrategy strategy = new ScaleDownBatchAggregationStrategy()
            .correlationHeaders("Row");
    private final AtomicInteger storedItems = new AtomicInteger();

    /** A repository on the test's store; each call opens the same store again, as a restarted JVM would. */
    abstract ScaleDownAggregationRepository newRepository();

    @BeforeEach
    void startRepository() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        repository = started(newRepository());
    }

    @AfterEach
    void stopAll() throws Exception {
        repository.stop();
        context.stop();
    }

    @Test
    void appendsOnlyTheItemsEachExchangeAdds() {
        for (int i = 0; i < 100; i++) {
            aggregate(item("a" + i));
        }
        aggregate(items("b0", "b1"));

        ScaleDownBatch batch = batch(repository.get(context, KEY));
        assertEquals(102, batch.size());
        assertEquals(102, storedItems.get(), "each add writes only its own items, never the whole batch again");
        List<String> ids = customIds(batch);
        assertEquals("a0", ids.get(0));
        assertEquals("a99", ids.get(99));
        assertEquals(List.of("b0", "b1"), ids.subList(100, 102));
    }

    @Test
    void theBatchItHandsOutStreamsItsRequestLinesFromTheStore() throws IOException {
        aggregate(item("a"));
        aggregate(item("b"));

        ScaleDownBatch batch = batch(repository.get(context, KEY));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        batch.body().writeTo(body);
        String[] lines = body.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"custom_id\":\"a\",\"method\":\"POST\""), lines[0]);
        assertTrue(lines[1].contains("\"text\":\"text of b\""), lines[1]);
        assertEquals(body.size(), batch.estimatedBytes(), "a stored batch counts the bytes of its request lines");
    }

    @Test
    void itemsWithoutIdsAreStoredWithTheIdsTheyGetAcrossAPreCompletion() throws IOException {
        ScaleDownBatchAggregationStrategy twoPerBatch = new ScaleDownBatchAggregationStrategy().maxItems(2);
        List<ScaleDownBatch> completed = new ArrayList<>();
        for (String text : List.of("first", "second", "third")) {
            Exchange incoming = new DefaultExchange(context);
            incoming.getMessage().setBody(text);
            incoming.getMessage().setHeader(ScaleDownConstants.MODEL, "summarize");
            // as AggregateProcessor does it with a pre-completing strategy
            Exchange old = repository.get(context, KEY);
            if (old != null && twoPerBatch.preComplete(old, incoming)) {
                completed.add(batch(old));
                repository.remove(context, KEY, old);
                old = null;
            }
            repository.add(context, KEY, twoPerBatch.aggregate(old, incoming));
        }

        String firstKey = completed.get(0).customIdKey();
        assertEquals(List.of("item-" + firstKey + "-0:first", "item-" + firstKey + "-1:second"),
                idsAndTexts(completed.get(0)));
        ScaleDownBatch open = batch(repository.get(context, KEY));
        assertNotEquals(firstKey, open.customIdKey(), "each batch generates its ids from a key of its own");
        assertEquals(List.of("item-" + open.customIdKey() + "-0:third"), idsAndTexts(open));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        open.body().writeTo(body);
        assertEquals(body.size(), open.estimatedBytes());
    }

    @Test
    void generatedIdsAreStoredWithTheBatchAndTheKeySurvivesARestart() throws Exception {
        aggregate(text("first"));
        String key = batch(repository.get(context, KEY)).customIdKey();
        restart();

        ScaleDownBatch resumed = batch(repository.get(context, KEY));
        assertEquals(key, resumed.customIdKey(), "the open batch keeps its key across a restart");
        aggregate(text("second"));
        assertEquals(List.of("item-" + key + "-0:first", "item-" + key + "-1:second"),
                idsAndTexts(batch(repository.get(context, KEY))));

        Exchange completed = repository.get(context, KEY);
        String exchangeId = completed.getExchangeId();
        repository.remove(context, KEY, completed);
        restart();
        ScaleDownBatch recovered = batch(repository.recover(context, exchangeId));
        assertEquals(key, recovered.customIdKey());
        assertEquals(List.of("item-" + key + "-0:first", "item-" + key + "-1:second"), idsAndTexts(recovered),
                "a recovered batch is sent with the ids it was given");
    }

    @Test
    void anOpenBatchSurvivesARestartAndKeepsRefusingDuplicates() throws Exception {
        aggregate(item("a"));
        aggregate(item("b"));
        restart();

        ScaleDownBatch batch = batch(repository.get(context, KEY));
        assertEquals(2, batch.size());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> aggregate(item("a")));
        assertTrue(duplicate.getMessage().contains("duplicate custom_id 'a'"), duplicate.getMessage());
        aggregate(item("c"));
        assertEquals(List.of("a", "b", "c"), customIds(batch(repository.get(context, KEY))));
    }

    @Test
    void aCompletedBatchIsRecoveredUnderItsExchangeIdWithHeadersAndCorrelations() throws Exception {
        Exchange first = item("a");
        first.getMessage().setHeader("Source", "inbox");
        first.getMessage().setHeader("Row", 7);
        String exchangeId = first.getExchangeId();
        aggregate(first);
        aggregate(item("b"));

        repository.remove(context, KEY, repository.get(context, KEY));
        assertTrue(repository.getKeys().isEmpty());
        restart();

        assertEquals(Set.of(exchangeId), repository.scan(context));
        Exchange recovered = repository.recover(context, exchangeId);
        assertNotNull(recovered);
        assertEquals(exchangeId, recovered.getExchangeId());
        assertEquals(KEY, recovered.getProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY));
        assertEquals("inbox", recovered.getMessage().getHeader("Source"));
        ScaleDownBatch batch = batch(recovered);
        assertEquals(List.of("a", "b"), customIds(batch));
        assertEquals(Map.of("a", Map.of("Row", 7)), batch.correlations());
        assertThrows(IllegalStateException.class, () -> batch.add(SummarizeItem.of("c", "late"), null, 1));
    }

    @Test
    void confirmForgetsTheBatch() throws Exception {
        aggregate(item("a"));
        Exchange completed = repository.get(context, KEY);
        repository.remove(context, KEY, completed);

        repository.confirm(context, completed.getExchangeId());

        assertTrue(repository.scan(context).isEmpty());
        assertNull(repository.recover(context, completed.getExchangeId()));
        restart();
        assertTrue(repository.scan(context).isEmpty());
        assertNull(repository.get(context, KEY));
    }

    @Test
    void aBatchThatKeepsFailingIsRedeliveredThenSentToTheDeadLetterUri() throws Exception {
        repository.setRecoveryInterval(100);
        repository.setMaximumRedeliveries(2);
        repository.setDeadLetterUri("direct:dead");
        List<String> deadItems = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant(KEY), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(repository).completionTimeout(100)
                        .to("mock:attempts")
                        .throwException(new IllegalStateException("submit is down"));
                // the body is a handle on the stored items: read them before the batch is confirmed
                from("direct:dead")
                        .process(e -> customIds(e.getMessage().getBody(ScaleDownBatch.class)).forEach(deadItems::add))
                        .to("mock:dead");
            }
        });
        MockEndpoint attempts = context.getEndpoint("mock:attempts", MockEndpoint.class);
        attempts.expectedMessageCount(3);
        MockEndpoint dead = context.getEndpoint("mock:dead", MockEndpoint.class);
        dead.expectedMessageCount(1);

        // one exchange, so the two items make one batch whatever the timing
        context.createProducerTemplate().sendBody("direct:in",
                List.of(SummarizeItem.of("a", "one"), SummarizeItem.of("b", "two")));

        MockEndpoint.assertIsSatisfied(context, 30, TimeUnit.SECONDS);
        Exchange deadLetter = dead.getReceivedExchanges().get(0);
        assertEquals(List.of("a", "b"), deadItems);
        assertEquals(2, deadLetter.getMessage().getHeader(Exchange.REDELIVERY_COUNTER));
        String id = attempts.getReceivedExchanges().get(0).getExchangeId();
        attempts.getReceivedExchanges().forEach(e -> assertEquals(id, e.getExchangeId()));
        // confirmed once the dead letter URI took it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!repository.scan(context).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(repository.scan(context).isEmpty());
    }

    @Test
    void aCompletedBatchKnowsTheSha256OfItsLinesWithoutReadingThemBack() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fingerprint")
                        .aggregate(constant(KEY), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(repository).completionTimeout(100)
                        .process(e -> {
                            BatchBody body = e.getMessage().getBody(ScaleDownBatch.class).body();
                            ByteArrayOutputStream written = new ByteArrayOutputStream();
                            body.writeTo(written);
                            seen.add(body.fingerprint());
                            seen.add(java.util.HexFormat.of().formatHex(
                                    java.security.MessageDigest.getInstance("SHA-256").digest(written.toByteArray())));
                        })
                        .to("mock:fingerprinted");
            }
        });
        MockEndpoint fingerprinted = context.getEndpoint("mock:fingerprinted", MockEndpoint.class);
        fingerprinted.expectedMessageCount(1);

        context.createProducerTemplate().sendBody("direct:fingerprint", SummarizeItem.of("a", "one"));
        context.createProducerTemplate().sendBody("direct:fingerprint", SummarizeItem.of("b", "two"));

        MockEndpoint.assertIsSatisfied(context, 30, TimeUnit.SECONDS);
        assertNotNull(seen.get(0), "taken as the lines were stored");
        assertEquals(seen.get(1), seen.get(0), "the SHA-256 of the lines submit sends");
    }

    // ------------------------------------------------------------------ helpers

    private static ScaleDownAggregationRepository started(ScaleDownAggregationRepository fresh) {
        fresh.start();
        return fresh;
    }

    /** Wraps a store so the test sees how many items each add wrote. */
    protected AggregationStore counted(AggregationStore store) {
        return (AggregationStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { AggregationStore.class }, (proxy, method, args) -> {
                    if (method.getName().equals("append") || method.getName().equals("create")) {
                        storedItems.addAndGet(((List<?>) args[args.length - 1]).size());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void restart() {
        repository.stop();
        repository = started(newRepository());
    }

    /** As AggregateProcessor does it: get, aggregate, add. */
    private void aggregate(Exchange incoming) {
        Exchange old = repository.get(context, KEY);
        Exchange answer = strategy.aggregate(old, incoming);
        repository.add(context, KEY, answer);
    }

    private Exchange text(String text) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(ScaleDownConstants.MODEL, "summarize");
        return exchange;
    }

    private Exchange item(String customId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(SummarizeItem.of(customId, "text of " + customId));
        return exchange;
    }

    private Exchange items(String... customIds) {
        List<BatchItem> items = new ArrayList<>();
        for (String id : customIds) {
            items.add(SummarizeItem.of(id, "text of " + id));
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(items);
        return exchange;
    }

    private static ScaleDownBatch batch(Exchange exchange) {
        assertNotNull(exchange, "the repository holds the batch");
        return exchange.getMessage().getBody(ScaleDownBatch.class);
    }

    private static List<String> idsAndTexts(ScaleDownBatch batch) {
        return batch.items().stream().map(item -> item.customId() + ":" + ((SummarizeItem) item).text()).toList();
    }

    private static List<String> customIds(ScaleDownBatch batch) {
        List<String> ids = new ArrayList<>();
        batch.body().forEachCustomId(ids::add);
        return ids;
    }
}
