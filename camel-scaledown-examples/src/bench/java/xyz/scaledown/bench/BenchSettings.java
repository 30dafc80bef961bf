package xyz.scaledown.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's options, as system properties:
 * {@code bench.sizes} (default {@code 10000,100000,1000000}), {@code bench.batchItems} (50000),
 * {@code bench.pollDelay} (100 ms), {@code bench.docs} (the docs directory to write to),
 * {@code bench.profile} ({@code true}: re-run a variant that misses a target with JFR and report its hot methods),
 * the component's aggregator: {@code bench.completionTimeout} (200 ms), {@code bench.checkerInterval} (its
 * {@code completionTimeoutCheckerInterval}, 50 ms) and {@code bench.fromBatchConsumer} ({@code true}: the items come
 * as a file or JDBC batch consumer hands them and the route completes the aggregator with the last one),
 * {@code bench.repository} (the aggregator's repository: {@code file}, the default, a
 * {@code FileScaleDownAggregationRepository} whose batches wait on disk; {@code memory}, Camel's default),
 * {@code bench.parallelBatches} (the results consumer's {@code parallelBatches}, 2).
 */
public record BenchSettings(List<Long> sizes, int batchItems, long pollDelayMillis, Path docs, boolean profile,
        String command, long completionTimeoutMillis, long checkerIntervalMillis, boolean fromBatchConsumer,
        String repository, int parallelBatches) {

    public static final long QUEUED_MILLIS = 0;
    public static final long PROCESSING_MILLIS = 50;
    public static final long POLL_CHECK_PROCESSING_MILLIS = 2000;
    public static final int POLL_CHECK_BATCHES = 8;
    public static final int POLL_CHECK_BATCH_ITEMS = 1000;
    public static final String API_KEY = "bench-key";

    public static BenchSettings fromSystemProperties() {
        List<Long> sizes = Arrays.stream(System.getProperty("bench.sizes", "10000,100000,1000000").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).sorted().toList();
        return new BenchSettings(sizes,
                Integer.parseInt(System.getProperty("bench.batchItems", "50000")),
                Long.parseLong(System.getProperty("bench.pollDelay", "100")),
                Path.of(System.getProperty("bench.docs", "docs")).toAbsolutePath().normalize(),
                Boolean.parseBoolean(System.getProperty("bench.profile", "true")),
                System.getProperty("bench.command", "mvn -q -pl camel-scaledown-examples -am -DskipTests package -Pbench"),
                Long.parseLong(System.getProperty("bench.completionTimeout", "200")),
                Long.parseLong(System.getProperty("bench.checkerInterval", "50")),
                Boolean.parseBoolean(System.getProperty("bench.fromBatchConsumer", "true")),
                System.getProperty("bench.repository", "file"),
                Integer.parseInt(System.getProperty("bench.parallelBatches", "2")));
    }

    VariantSettings forSize(String baseUrl, String controlUrl, long items) {
        return new VariantSettings(baseUrl, controlUrl, API_KEY, items, batchItems, pollDelayMillis,
                QUEUED_MILLIS + PROCESSING_MILLIS, completionTimeoutMillis, checkerIntervalMillis, fromBatchConsumer,
                repository, parallelBatches);
    }
}
