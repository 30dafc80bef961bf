package xyz.scaledown.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.FileBatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * The process {@link RestartTest} kills. Arguments: {@code <point> <phase> <baseUrl> <workDir> <items>}.
 * <p>
 * Phase {@code first} sends the items through a persistent aggregator (JDBC repository on an H2 file database) to
 * submit, and stops dead at the point named: it prints {@code AT <point>} and blocks until it is killed. Phase
 * {@code second} sends nothing: it starts the same routes on the same files and delivers what is left.
 * Every delivered result is appended to {@code delivered.log} ({@code batchId customId}) after an idempotent consumer
 * (file repository, keys added once the exchange completed).
 */
public final class RestartChild {

    static final String API_KEY = "fake.key.restart-child.2b8e6f";
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
        } else {
            configuration.setTrackerDirectory(work.resolve("tracker").toString());
        }
        context.addComponent("scaledown", component);
        context.getRegistry().bind("pollHook", new StopWhilePolling(first && POLLING.equals(point)));
        int stopAtIndex = first && EMITTING.equals(point) ? items / 2 : -1;

        JdbcAggregationRepository aggregationRepository = aggregationRepository(work.resolve("aggregation"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(items))
                        .aggregationRepository(aggregationRepository)
                        .completionTimeout(200)
                        .to("scaledown:submit");

                from("scaledown:results?delay=20&initialDelay=0&pollStrategy=#pollHook")
                        .idempotentConsumer(simple("${header.CamelScaleDownBatchId}/${header.CamelScaleDownCustomId}"),
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
        if (first) {
            // one message holding every item (a file of lines, say): one write to the aggregation database
            List<SummarizeItem> batch = IntStream.range(0, items)
                    .mapToObj(i -> SummarizeItem.of("item-" + i, "Text number " + i + ". It is short.")).toList();
            context.createProducerTemplate().sendBody("direct:in", batch);
            System.out.println("SENT " + items);
        }
        Thread.currentThread().join();
    }

    private static JdbcAggregationRepository aggregationRepository(Path database) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + database.toAbsolutePath());
        dataSource.setUser("sa");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : new String[] { "scaledown", "scaledown_completed" }) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(255) NOT NULL,"
                                  + " exchange BLOB NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (id))");
            }
        }
        JdbcAggregationRepository repository = new JdbcAggregationRepository(
                new DataSourceTransactionManager(dataSource), "scaledown", dataSource);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(300);
        repository.setDeserializationFilter("xyz.scaledown.**;java.**;org.apache.camel.**;!*");
        return repository;
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
        public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
            try {
                System.out.println("SUBMITTED " + batch.batchId());
                stopHere(AFTER_SUBMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
