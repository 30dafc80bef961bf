package xyz.scaledown.examples;

import org.apache.camel.CamelContext;

import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/** The batching strategy of a Java-DSL pipeline, capped by {@code examples.batch.max-items}. */
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
}
