package xyz.scaledown.reliability;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

import xyz.scaledown.camel.ScaleDownBatchFailedException;
import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * The full pipeline against a sandbox: items -> aggregator -> submit -> results consumer -> idempotent consumer ->
 * sink, with a dead letter channel that receives what the component reports: a batch whose submit failed (body: the
 * {@link ScaleDownBatch}), a batch watched by id that ended early ({@link ScaleDownBatchFailedException}), and
 * transient polling trouble (the batch stays tracked). Items of a tracked batch the API did not answer come back as
 * error items with their code. The test keeps the accounts: every custom id ends up delivered, as an
 * error item, or reported failed.
 */
final class SandboxPipeline implements AutoCloseable {

    static final String API_KEY = "fake.key.sandbox-pipeline.5d1c7e";

    private final CamelContext context = new DefaultCamelContext();
    private final Map<String, List<String>> idsByBatch = new ConcurrentHashMap<>();
    final Set<String> delivered = ConcurrentHashMap.newKeySet();
    final Set<String> errorItems = ConcurrentHashMap.newKeySet();
    /** custom_id -> CamelScaleDownErrorCode of each error item. */
    final Map<String, String> errorCodes = new ConcurrentHashMap<>();
    /** custom_id -> CamelScaleDownAttempt of its result or error item. */
    final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    final Set<String> reportedFailed = ConcurrentHashMap.newKeySet();
    final Set<String> submitFailureMessages = ConcurrentHashMap.newKeySet();
    final AtomicLong rawResultExchanges = new AtomicLong();
    final AtomicLong duplicatesRemoved = new AtomicLong();
    final AtomicLong transientReports = new AtomicLong();
    final AtomicLong failedBatches = new AtomicLong();
    final AtomicLong reportedSubmits = new AtomicLong();
    private final ScaleDownComponent component = new ScaleDownComponent();

    SandboxPipeline(ScaleDownSandbox sandbox, int maxItems, long requestTimeoutMillis) throws Exception {
        this(sandbox, maxItems, requestTimeoutMillis, null, null);
    }

    /**
     * With the aggregator's batches in {@code aggregation} (null: Camel's memory repository) and the component's
     * options set by {@code configure} (the tracker store, say) before the routes are added.
     */
    SandboxPipeline(ScaleDownSandbox sandbox, int maxItems, long requestTimeoutMillis, AggregationRepository aggregation,
            java.util.function.Consumer<ScaleDownConfiguration> configure) throws Exception {
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(sandbox.baseUrl());
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        configuration.setMaxRetries(3);
        configuration.setRequestTimeout(requestTimeoutMillis);
        if (configure != null) {
            configure.accept(configuration);
        }
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("direct:reported").maximumRedeliveries(0));

                from("direct:in").routeId("batching")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(maxItems))
                        .aggregationRepository(aggregation != null ? aggregation : new MemoryAggregationRepository())
                        .completionTimeout(100)
                        .setProperty("customIds", method(SandboxPipeline.class, "customIds"))
                        .to("scaledown:submit")
                        .process(exchange -> idsByBatch.put(
                                exchange.getMessage().getHeader(ScaleDownConstants.BATCH_ID, String.class),
                                exchange.getProperty("customIds", List.class)));

                from("scaledown:results?delay=20&initialDelay=0&bridgeErrorHandler=true").routeId("results")
                        .process(exchange -> rawResultExchanges.incrementAndGet())
                        // keyed on the custom_id: it stays the same if a batch is ever submitted again
                        .idempotentConsumer(header(ScaleDownConstants.CUSTOM_ID),
                                MemoryIdempotentRepository.memoryIdempotentRepository(1_000_000))
                            .skipDuplicate(false)
                        .filter(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .process(exchange -> duplicatesRemoved.incrementAndGet())
                            .stop()
                        .end()
                        .process(SandboxPipeline.this::recordResult);

                from("direct:reported").routeId("reported").process(SandboxPipeline.this::recordReport);
            }
        });
    }

    /** The custom ids of the batch in the body, kept to account for them when the batch is reported failed. */
    public static List<String> customIds(ScaleDownBatch batch) {
        return batch.items().stream().map(BatchItem::customId).toList();
    }

    private void recordResult(Exchange exchange) {
        String customId = exchange.getMessage().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
        String errorCode = exchange.getMessage().getHeader(ScaleDownConstants.ERROR_CODE, String.class);
        attempts.put(customId, exchange.getMessage().getHeader(ScaleDownConstants.ATTEMPT, Integer.class));
        if (errorCode != null) {
            errorItems.add(customId);
            errorCodes.put(customId, errorCode);
        } else {
            delivered.add(customId);
        }
    }

    private void recordReport(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getMessage().getBody();
        if (body instanceof ScaleDownBatch batch) {
            customIds(batch).forEach(reportedFailed::add);
            submitFailureMessages.add(String.valueOf(cause == null ? null : cause.getMessage()));
            reportedSubmits.incrementAndGet();
        } else if (cause instanceof ScaleDownBatchFailedException failed) {
            failedBatches.incrementAndGet();
            reportedFailed.addAll(idsByBatch.getOrDefault(failed.getBatchId(), List.of()));
        } else {
            transientReports.incrementAndGet();
        }
    }

    /** The component's options, every endpoint's defaults: change them before {@link #start()}. */
    ScaleDownConfiguration configuration() {
        return component.getConfiguration();
    }

    /** How many error items carry {@code code}. */
    long errorItemsWithCode(String code) {
        return errorCodes.values().stream().filter(code::equals).count();
    }

    CamelContext context() {
        return context;
    }

    void start() {
        context.start();
    }

    /** Sends {@code count} summarize items with ids {@code prefix-0..}; a text holding [[sandbox:fail]] fails alone. */
    void send(String prefix, int count, int failEvery) {
        // one template: each new one registers a producer cache with the context, so one per item grew its services
        ProducerTemplate template = context.createProducerTemplate();
        for (int i = 0; i < count; i++) {
            String text = failEvery > 0 && i % failEvery == failEvery - 1
                    ? "This item asks the sandbox to fail it: [[sandbox:fail]]."
                    : "Item " + i + " of the reliability run. It has two sentences to summarize.";
            template.sendBody("direct:in", SummarizeItem.of(prefix + "-" + i, text));
        }
    }

    /** Sends {@code count} summarize items as one message, so they stay together in one batch whatever the timing. */
    void sendAsOneMessage(String prefix, int count) {
        List<SummarizeItem> items = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> SummarizeItem.of(prefix + "-" + i, "Item " + i + ". It has two sentences.")).toList();
        context.createProducerTemplate().sendBody("direct:in", items);
    }

    long accountedFor() {
        return delivered.size() + errorItems.size() + reportedFailed.size();
    }

    BatchTracker tracker() {
        return ((xyz.scaledown.camel.ScaleDownEndpoint) context.getEndpoint("scaledown:results")).getTracker();
    }

    /** Waits until every one of {@code expected} items is accounted for and no batch is tracked any more. */
    void awaitAllAccountedFor(long expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (accountedFor() >= expected && tracker().pending().isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not every item was accounted for: " + summary(expected));
    }

    String summary(long expected) {
        return "sent " + expected + ", delivered " + delivered.size() + ", error items " + errorItems.size()
               + ", reported failed " + reportedFailed.size() + ", failed batches " + failedBatches.get()
               + ", transient reports " + transientReports.get() + ", raw result exchanges " + rawResultExchanges.get()
               + ", duplicates removed " + duplicatesRemoved.get() + ", still tracked " + tracker().pending().size();
    }

    @Override
    public void close() {
        context.stop();
    }
}
