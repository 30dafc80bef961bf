package xyz.scaledown.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.ScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.metrics.ScaleDownMetrics;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * The process {@link RestartTest} kills. Arguments: {@code <point> <phase> <baseUrl> <workDir> <items> <store>}, the
 * store being {@code directory} or a PostgreSQL JDBC URL.
 * <p>
 * The routes are a user's: items through an aggregator with the {@link ScaleDownBatchAggregationStrategy} and a durable
 * repository ({@link FileScaleDownAggregationRepository} in {@code <workDir>/tracker} with
 * {@code trackerDirectory=<workDir>/tracker}: one directory store, or {@link JdbcScaleDownAggregationRepository} with
 * {@code trackerDataSource} on the one database) to {@code scaledown:submit}, and {@code scaledown:results} through an
 * idempotent consumer on the custom_id (file repository, keys added once the exchange completed) to
 * {@code delivered.log} ({@code batchId customId} per line).
 * <p>
 * Phase {@code first} sends the items and, at the points this process stops itself, prints {@code AT <point>} and
 * blocks until it is killed; at the other points the test kills it from outside (the sandbox holding the POST, a
 * gateway in front of the sandbox, the sandbox's status counter). Phase {@code second} starts the same routes on the
 * same store and delivers what is left; at point {@code aggregating} it first sends the items the first phase did not
 * get to. Every answer of submit prints {@code SUBMITTED <batchId>}, or {@code REPLAYED <batchId>} when it was
 * answered from the store ({@code CamelScaleDownSubmitReplayed}). A batch that recovery cannot send (its POST may or
 * may not have created it) goes to the dead letter route after three attempts, which prints {@code DEAD <items>} and
 * the items' custom ids.
 */
public final class RestartChild {

    static final String API_KEY = "fake.key.restart-child.2b8e6f";
    static final String DIRECTORY = "directory";
    static final long LEASE_MILLIS = 1_500;

    /** Stops itself: half the items added one exchange at a time, the next one blocked before the aggregator. */
    static final String AGGREGATING = "aggregating";
    /** Stops itself: the batch completed (the aggregator took it out of the open ones), before submit. */
    static final String AFTER_COMPLETE = "after-complete";
    /** Killed by the test: submit's POST reached the gateway, which does not pass it on. */
    static final String BEFORE_POST = "before-post";
    /** Killed by the test: the sandbox holds the POST before answering. */
    static final String IN_POST = "in-post";
    /** Killed by the test: the API answered 2xx (the batch exists), the answer not yet back in this process. */
    static final String AFTER_ANSWER = "after-answer";
    /** Stops itself: the batch id recorded (the meter {@code scaledown.batches{state=submitted}}), not tracked. */
    static final String AFTER_BATCH_ID = "after-batch-id";
    /** Stops itself: submit answered and the batch tracked, before the aggregator confirms the batch. */
    static final String AFTER_TRACKED = "after-tracked";
    /** Killed by the test: the results consumer asked the API for the queued batch's status. */
    static final String POLLING = "polling";
    /** Stops itself: the middle item written to the sink, its exchange not completed (not marked delivered). */
    static final String EMITTING = "emitting";

    private RestartChild() {
    }

    public static void main(String[] args) throws Exception {
        String point = args[0];
        boolean first = "first".equals(args[1]);
        String baseUrl = args[2];
        Path work = Path.of(args[3]);
        int items = Integer.parseInt(args[4]);
        String store = args[5];
        Path delivered = work.resolve("delivered.log");

        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(baseUrl);
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        ScaleDownAggregationRepository aggregationRepository;
        if (DIRECTORY.equals(store)) {
            // one directory, configured once, serves aggregation, submit and results
            configuration.setTrackerDirectory(work.resolve("tracker").toString());
            aggregationRepository = recoverable(new FileScaleDownAggregationRepository(work.resolve("tracker")));
        } else {
            HikariDataSource dataSource = TestDatabases.pool(store, TestDatabases.POSTGRES_USER);
            configuration.setTrackerDataSource(dataSource);
            // a batch the killed process held is taken over once its lease ran out
            configuration.setLeaseDuration(LEASE_MILLIS);
            JdbcScaleDownAggregationRepository jdbc = new JdbcScaleDownAggregationRepository(dataSource);
            // the restarted process is another node: it takes the killed one's batches once that node's lease ran out
            jdbc.setLeaseDuration(LEASE_MILLIS);
            aggregationRepository = recoverable(jdbc);
        }
        context.addComponent("scaledown", component);
        context.getRegistry().bind("meters", new StopWhenSubmittedIsCounted(first && AFTER_BATCH_ID.equals(point)));
        int stopAtIndex = first && EMITTING.equals(point) ? items / 2 : -1;

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
                            .process(exchange -> stopIf(first && AFTER_COMPLETE.equals(point), AFTER_COMPLETE))
                            .to("scaledown:submit")
                            .process(exchange -> {
                                boolean replayed = exchange.getMessage().getHeader(
                                        ScaleDownConstants.SUBMIT_REPLAYED, false, Boolean.class);
                                System.out.println((replayed ? "REPLAYED " : "SUBMITTED ")
                                                   + exchange.getMessage().getHeader(ScaleDownConstants.BATCH_ID));
                                stopIf(first && AFTER_TRACKED.equals(point), AFTER_TRACKED);
                            });

                from("direct:dead").process(RestartChild::printDead);

                from("scaledown:results?delay=20&initialDelay=0")
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
                            stopIf(index == stopAtIndex, EMITTING);
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

    private static void stopIf(boolean stop, String point) throws InterruptedException {
        if (stop) {
            stopHere(point);
        }
    }

    /**
     * A Micrometer registry (the component finds it in Camel's registry) that stops dead when the meter
     * {@code scaledown.batches{state=submitted}} is counted: submit counts it once the API's answer is recorded,
     * before the batch is tracked.
     */
    static final class StopWhenSubmittedIsCounted extends SimpleMeterRegistry {
        private final boolean active;

        StopWhenSubmittedIsCounted(boolean active) {
            this.active = active;
        }

        @Override
        protected Counter newCounter(Meter.Id id) {
            Counter counter = super.newCounter(id);
            if (!active || !id.getName().equals(ScaleDownMetrics.BATCHES) || !"submitted".equals(id.getTag("state"))) {
                return counter;
            }
            return new Counter() {
                @Override
                public void increment(double amount) {
                    try {
                        stopHere(AFTER_BATCH_ID);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public double count() {
                    return counter.count();
                }

                @Override
                public Meter.Id getId() {
                    return counter.getId();
                }
            };
        }
    }
}
