package xyz.scaledown.bench.component;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import xyz.scaledown.bench.Variant;
import xyz.scaledown.bench.VariantResult;
import xyz.scaledown.bench.VariantSettings;
import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.bench.data.ComponentItems;
import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.HeapMonitor;
import xyz.scaledown.bench.measure.PassTimeline;
import xyz.scaledown.bench.measure.ProcessMemory;
import xyz.scaledown.camel.model.BatchItem;

/**
 * How many status calls the results consumer makes: the items are submitted in {@code batchItems} batches straight to
 * {@code scaledown:submit} (all tracked), against a sandbox that keeps them processing for a while; then the results
 * route starts and runs until every result arrived. The sandbox counts the status calls; the poll strategy counts
 * the polls.
 */
public final class PollCallsCheck implements Variant {

    @Override
    public VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception {
        List<BatchRange> ranges = BatchRange.split(settings.items(), settings.batchItems());
        CompletionLatencies latencies = new CompletionLatencies(settings.completionMillis());
        PassTimeline timeline = new PassTimeline();
        ResultSinks sinks = new ResultSinks(settings.items(), latencies, timeline);
        CountingPollStrategy polls = new CountingPollStrategy(timeline);
        CamelContext context = BenchRoutes.context(settings, new TimingBatchTracker(latencies, timeline), polls, sinks,
                timeline, false);
        context.start();
        try {
            ProducerTemplate producer = context.createProducerTemplate();
            for (BatchRange range : ranges) {
                List<BatchItem> items = new ArrayList<>(range.size());
                for (long i = range.from(); i < range.to(); i++) {
                    items.add(ComponentItems.item(i));
                }
                producer.sendBody("scaledown:submit?tracker=#benchTracker", items);
            }
            settings.control().resetCounts();
            long start = System.nanoTime();
            context.getRouteController().startRoute(BenchRoutes.RESULTS_ROUTE);
            sinks.await(5);
            long end = System.nanoTime();
            context.getRouteController().stopRoute(BenchRoutes.RESULTS_ROUTE);
            return new VariantResult("poll-check", sinks.received(), ranges.size(), end - start,
                    sinks.lastAt() - sinks.firstAt(), 0, 0, heap.runSampledPeak(), ProcessMemory.peakRssBytes(),
                    latencies.meanMillis(), 0, 0, 0, polls.polls());
        } finally {
            context.stop();
        }
    }
}
