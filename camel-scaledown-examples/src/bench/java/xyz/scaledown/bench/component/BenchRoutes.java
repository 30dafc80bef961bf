package xyz.scaledown.bench.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;

import xyz.scaledown.bench.VariantSettings;
import xyz.scaledown.bench.measure.PassTimeline;
import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.tracking.BatchTracker;

/**
 * The Camel side of the benchmark: {@code direct:items} → aggregate → {@code scaledown:submit}, and
 * {@code scaledown:results} → choice by model → one sink per model. The aggregator completes on
 * {@code batchItems}, on the completion timeout (checked every {@code checkerInterval}) and, when the items come as
 * from a batch consumer, at the end of the input (the last item, {@code CamelBatchComplete}, completes every group).
 * With {@code repository=file} the batches wait in a {@link FileScaleDownAggregationRepository} instead of the heap.
 * The results consumer routes {@code parallelBatches} batches at the same time.
 * Completed batches are submitted on the aggregator's pool ({@code parallelProcessing()}), overlapping the hand-in of
 * the next batch.
 */
final class BenchRoutes {

    static final String ITEMS = "direct:items";
    static final String RESULTS_ROUTE = "results";

    private BenchRoutes() {
    }

    /** A fresh directory per JVM for the file repository's batches; a completed batch is deleted once submitted. */
    private static Path aggregationDirectory() {
        try {
            Path directory = Files.createTempDirectory(Path.of("target"), "bench-aggregation-");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CamelContext context(VariantSettings settings, BatchTracker tracker, CountingPollStrategy polls,
                                ResultSinks sinks, PassTimeline timeline, boolean startResultsRoute) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(settings.baseUrl());
        component.getConfiguration().setApiKey(settings.apiKey());
        context.addComponent("scaledown", component);
        context.getRegistry().bind("benchTracker", tracker);
        context.getRegistry().bind("countingPolls", polls);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                RouteDefinition items = from(ITEMS).routeId("submit");
                if (settings.fromBatchConsumer()) {
                    // completionFromBatchConsumer() is not enough: Camel never asks it of a strategy that
                    // pre-completes, as ScaleDownBatchAggregationStrategy does; this header flushes every group
                    // with the last item of the batch instead
                    items.setHeader(Exchange.AGGREGATION_COMPLETE_ALL_GROUPS_INCLUSIVE,
                            exchangeProperty(Exchange.BATCH_COMPLETE));
                }
                var aggregate = items.aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                        .maxItems(settings.batchItems()).maxBytes(Integer.MAX_VALUE));
                if ("file".equals(settings.repository())) {
                    aggregate.aggregationRepository(new FileScaleDownAggregationRepository(aggregationDirectory()));
                }
                aggregate.completionTimeout(settings.completionTimeoutMillis())
                        .completionTimeoutCheckerInterval(settings.checkerIntervalMillis())
                        // a completed batch is submitted on the aggregator's pool, so its POST does not hold up the
                        // hand-in of the next batch's items
                        .parallelProcessing()
                        .process(exchange -> timeline.aggregated(System.nanoTime(),
                                exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, String.class)))
                        .to("scaledown:submit?tracker=#benchTracker");

                from("scaledown:results?tracker=#benchTracker&pollStrategy=#countingPolls&initialDelay=0&delay="
                     + settings.pollDelayMillis() + "&parallelBatches=" + settings.parallelBatches()).routeId(RESULTS_ROUTE).autoStartup(startResultsRoute)
                        .choice()
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("summarize")).process(sinks.summarize())
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("extract")).process(sinks.extract())
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("classify")).process(sinks.classify())
                            .otherwise().process(sinks.other())
                        .end();
            }
        });
        return context;
    }
}
