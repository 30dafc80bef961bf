package xyz.scaledown.bench.component;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import xyz.scaledown.bench.Variant;
import xyz.scaledown.bench.VariantResult;
import xyz.scaledown.bench.VariantSettings;
import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.bench.data.ComponentItems;
import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.HeapMonitor;
import xyz.scaledown.bench.measure.ProcessMemory;

/**
 * The component end to end: every item sent to {@code direct:items} as a typed item, batched by the aggregation
 * strategy ({@code maxItems}), submitted, polled and routed by the results consumer to the per-model sinks. Here the
 * output of one batch overlaps the submitting of the next, so the output phase alone is measured by
 * {@link ComponentOutputPhase}; this variant reports first-to-last result as its output time.
 */
public final class ComponentEndToEnd implements Variant {

    @Override
    public VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception {
        CompletionLatencies latencies = new CompletionLatencies(settings.completionMillis());
        ResultSinks sinks = new ResultSinks(settings.items(), latencies);
        CountingPollStrategy polls = new CountingPollStrategy();
        CamelContext context = BenchRoutes.context(settings, new TimingBatchTracker(latencies), polls, sinks, true);
        context.start();
        try {
            heap.startPhase();
            long start = System.nanoTime();
            ProducerTemplate producer = context.createProducerTemplate();
            for (long i = 0; i < settings.items(); i++) {
                producer.sendBody(BenchRoutes.ITEMS, ComponentItems.item(i));
            }
            sinks.await(30);
            long end = System.nanoTime();
            HeapMonitor.PhaseHeap runHeap = heap.endPhase();
            int batches = BatchRange.split(settings.items(), settings.batchItems()).size();
            return new VariantResult("component", sinks.received(), batches, end - start,
                    sinks.lastAt() - sinks.firstAt(), runHeap.sampledPeak(), runHeap.afterGcPeak(),
                    heap.runSampledPeak(), ProcessMemory.peakRssBytes(), latencies.meanMillis(), 0, 0, 0,
                    polls.polls());
        } finally {
            context.stop();
        }
    }
}
