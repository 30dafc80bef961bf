package xyz.scaledown.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.ScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.FileBatchTracker;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * The process {@link RestartTest} kills. Arguments: {@code <point> <phase> <baseUrl> <workDir> <items>}.
 * <p>
 * Phase {@code first} sends the items through a durable aggregator ({@link FileScaleDownAggregationRepository}) to
 * submit, and stops dead at the point named: it prints {@code AT <point>} and blocks until it is killed. Phase
 * {@code second} starts the same routes on the same files and delivers what is left; at point {@code aggregating} it
 * first sends the items the first phase did not get to.
 * <p>
 * Points: {@code aggregating} (half the items added one by one), {@code in-post} (intent recorded, POST under way),
 * {@code after-submit-before-track} (the POST answered, the batch neither tracked nor confirmed), {@code polling},
 * {@code emitting}. A batch that recovery cannot send (its POST may or may not have created it) goes to the dead
 * letter route after three attempts, which prints {@code DEAD <items>} and the items' custom ids.
 * Every delivered result is appended to {@code delivered.log} ({@code batchId customId}) after an idempotent consumer
 * (file repository, keys added once the exchange completed).
 */
public final class RestartChild {

    static final String API_KEY = "fake.key.restart-child.2b8e6f";
    static final String AGGREGATING = "aggregating";
    static final String IN_POST = "in-post";
    static final String AFTER_SUBMIT = "after-submit-before-track";
    static final String POLLING = "polling";
    static final String EMITTING = "emitting";

    private RestartChild() {
    }

    public static void main(String[] args) throws Exception {
        String point = args[0];
        boolean first = "first".equals(args[1]);
        String baseUrl = args[2];
        Path work = Path.of(args[3]);
        int items = Integer.parseInt(args[4]);
        Path delivered = work.resolve("delivered.log");

        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(baseUrl);
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        if (first && AFTER_SUBMIT.equals(point)) {
            configuration.setTracker(new StopBeforeTracking(work.resolve("tracker")));
        } else if (first && IN_POST.equals(point)) {
            configuration.setTracker(new StopDuringThePost(work.resolve("tracker")));
        } else {
            configuration.setTrackerDirectory(work.resolve("tracker").toString());
        }
        context.addComponent("scaledown", component);
        context.getRegistry().bind("pollHook", new StopWhilePolling(first && POLLING.equals(point)));
        int stopAtIndex = first && EMITTING.equals(point) ? items / 2 : -1;

        FileScaleDownAggregationRepository aggregationRepository = aggregationRepository(work.resolve("aggregation"));
        boolean aggregating = AGGREGATING.equals(point);
        // killed while aggregating: the half-built batch must not complete on its own before the kill
        long completionTimeout = first && aggregating ? 60_000 : 200;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .process(exchange -> {
                            if (first && aggregating && exchange.getMessage().getBody(SummarizeItem.class).customId()
                                    .equals("item-" + items / 2)) {
                                stopHere(AGGREGATING);
                            }
                        })
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(items))
                        .aggregationRepository(aggregationRepository)
                        .completionTimeout(completionTimeout)
                        .to("scaledown:submit");

                from("direct:dead").process(RestartChild::printDead);

                from("scaledown:results?delay=20&initialDelay=0&pollStrategy=#pollHook")
                        .idempotentConsumer(header(ScaleDownConstants.CUSTOM_ID),
                                FileIdempotentRepository.fileIdempotentRepository(work.resolve("idempotent.dat").toFile(),
                                        100_000))
                            .eager(false)
                        .process(exchange -> {
                            String line = exchange.getMessage().getHeader(ScaleDownConstants.BATCH_ID) + " "
                                          + exchange.getMessage().getHeader(ScaleDownConstants.CUSTOM_ID) + "\n";
                            Files.writeString(delivered, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                            long index = exchange.getMessage().getHeader(ScaleDownConstants.ITEM_INDEX, Long.class);
                            if (index == stopAtIndex) {
                                stopHere(EMITTING);
                            }
                        });
            }
        });
        context.start();
        System.out.println("STARTED " + args[1]);
        if (aggregating) {
            // one message per item; the second phase sends the half the first one did not get to
            for (int i = first ? 0 : items / 2; i < items; i++) {
                context.createProducerTemplate().sendBody("direct:in", item(i));
            }
            System.out.println("SENT " + items);
        } else if (first) {
            // one message holding every item (a file of lines, say): one append to the aggregation repository
            List<SummarizeItem> batch = IntStream.range(0, items).mapToObj(RestartChild::item).toList();
            context.createProducerTemplate().sendBody("direct:in", batch);
            System.out.println("SENT " + items);
        }
        Thread.currentThread().join();
    }

    private static SummarizeItem item(int i) {
        return SummarizeItem.of("item-" + i, "Text number " + i + ". It is short.");
    }

    private static FileScaleDownAggregationRepository aggregationRepository(Path directory) {
        return recoverable(new FileScaleDownAggregationRepository(directory));
    }

    /** Recovery every 300 ms, three attempts, then the route {@code direct:dead} ({@link #printDead}). */
    static <R extends ScaleDownAggregationRepository> R recoverable(R repository) {
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(300);
        repository.setMaximumRedeliveries(3);
        repository.setDeadLetterUri("direct:dead");
        return repository;
    }

    /** The dead letter route: prints {@code DEAD <items> <custom ids>} for the batch recovery gave up on. */
    static void printDead(Exchange exchange) {
        List<String> ids = new ArrayList<>();
        exchange.getMessage().getBody(ScaleDownBatch.class).body().forEachCustomId(ids::add);
        System.out.println("DEAD " + ids.size() + " " + String.join(",", ids));
    }

    /** Prints the marker the parent waits for, then blocks the calling thread until the process is killed. */
    static void stopHere(String point) throws InterruptedException {
        System.out.println("AT " + point);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A file tracker that stops dead when asked to track: the batch was submitted but is not recorded. */
    static final class StopBeforeTracking extends FileBatchTracker {
        StopBeforeTracking(Path directory) {
            super(directory);
        }

        @Override
        public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
                Map<String, Map<String, Object>> correlations) {
            try {
                System.out.println("SUBMITTED " + batch.batchId());
                stopHere(AFTER_SUBMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A file tracker that stops dead once submit recorded its intent: the POST is under way when it is killed. */
    static final class StopDuringThePost extends FileBatchTracker {
        private final SubmitIntents intents;

        StopDuringThePost(Path directory) {
            super(directory);
            SubmitIntents recorded = super.submitIntents();
            this.intents = (SubmitIntents) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { SubmitIntents.class }, (proxy, method, args) -> {
                        Object result = method.invoke(recorded, args);
                        if (method.getName().equals("record")) {
                            // the POST starts as soon as this returns; the sandbox answers slowly
                            new Thread(() -> {
                                try {
                                    Thread.sleep(200);
                                    stopHere(IN_POST);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }).start();
                        }
                        return result;
                    });
        }

        @Override
        public SubmitIntents submitIntents() {
            return intents;
        }
    }

    /** Stops dead at the third poll that finds a tracked batch (still queued at the sandbox). */
    static final class StopWhilePolling implements PollingConsumerPollStrategy {
        private final boolean active;
        private int pollsWithBatch;

        StopWhilePolling(boolean active) {
            this.active = active;
        }

        @Override
        public boolean begin(Consumer consumer, Endpoint endpoint) {
            if (active && !((ScaleDownEndpoint) endpoint).getTracker().pending().isEmpty() && ++pollsWithBatch == 3) {
                try {
                    stopHere(POLLING);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }

        @Override
        public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        }

        @Override
        public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception e) {
            return false;
        }
    }
}
