package xyz.scaledown.examples;

import org.apache.camel.CamelContext;

import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/** The batching of a Java-DSL pipeline: its strategy, capped by {@code examples.batch.max-items}, and timeout checks. */
final class ExampleBatching {

    private ExampleBatching() {
    }

    static ScaleDownBatchAggregationStrategy strategy(CamelContext context, String customIdPrefix,
                                                      String... correlationHeaders) {
        int maxItems = context.getPropertiesComponent().resolveProperty("examples.batch.max-items")
                .map(Integer::parseInt).orElse(ScaleDownBatchAggregationStrategy.DEFAULT_MAX_ITEMS);
        return new ScaleDownBatchAggregationStrategy()
                .maxItems(maxItems)
                .customIdPrefix(customIdPrefix)
                .correlationHeaders(correlationHeaders);
    }

    /** How often the aggregator looks for batches whose completion timeout passed; Camel's default is 1 s. */
    static long checkerInterval(CamelContext context) {
        return context.getPropertiesComponent().resolveProperty("examples.batch.completion-timeout-checker-interval")
                .map(Long::parseLong).orElse(1000L);
    }
}
