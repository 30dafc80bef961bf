package xyz.scaledown.bench;

import java.util.List;

import xyz.scaledown.bench.sandbox.SandboxControl;

/**
 * What a variant needs to run against the sandbox.
 *
 * @param baseUrl          the sandbox, {@code http://127.0.0.1:PORT}
 * @param controlUrl       the sandbox's control port (request counts)
 * @param apiKey           the key the sandbox accepts
 * @param items            result items to produce
 * @param batchItems       items per batch for the component (the baselines send one batch)
 * @param pollDelayMillis  the delay between status polls
 * @param completionMillis the sandbox's queued plus processing time of a batch
 * @param completionTimeoutMillis the aggregator's {@code completionTimeout}
 * @param checkerIntervalMillis   the aggregator's {@code completionTimeoutCheckerInterval}
 * @param fromBatchConsumer       items are handed in as a batch consumer (file, JDBC) hands them, and the route
 *                                completes the aggregator with the last one ({@code CamelBatchComplete})
 * @param repository              the aggregator's repository: {@code file} or {@code memory}
 * @param parallelBatches         the results consumer's {@code parallelBatches}
 */
public record VariantSettings(String baseUrl, String controlUrl, String apiKey, long items, int batchItems,
        long pollDelayMillis, long completionMillis, long completionTimeoutMillis, long checkerIntervalMillis,
        boolean fromBatchConsumer, String repository, int parallelBatches) {

    public SandboxControl control() {
        return new SandboxControl(controlUrl);
    }

    List<String> toArgs() {
        return List.of(baseUrl, controlUrl, apiKey, Long.toString(items), Integer.toString(batchItems),
                Long.toString(pollDelayMillis), Long.toString(completionMillis), Long.toString(completionTimeoutMillis),
                Long.toString(checkerIntervalMillis), Boolean.toString(fromBatchConsumer), repository,
                Integer.toString(parallelBatches));
    }

    static VariantSettings fromArgs(String[] args, int offset) {
        return new VariantSettings(args[offset], args[offset + 1], args[offset + 2], Long.parseLong(args[offset + 3]),
                Integer.parseInt(args[offset + 4]), Long.parseLong(args[offset + 5]), Long.parseLong(args[offset + 6]),
                Long.parseLong(args[offset + 7]), Long.parseLong(args[offset + 8]), Boolean.parseBoolean(args[offset + 9]),
                args[offset + 10], Integer.parseInt(args[offset + 11]));
    }
}
