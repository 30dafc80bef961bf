package xyz.scaledown.bench.component;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
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

/**
 * The component end to end: every item sent to {@code direct:items} as a typed item, batched by the aggregation
 * strategy ({@code maxItems}), submitted, polled and routed by the results consumer to the per-model sinks. Here the
 * output of one batch overlaps the submitting of the next, so the output phase alone is measured by
 * {@link ComponentOutputPhase}; this variant reports first-to-last result as its output time.
 * <p>
 * Cold measures the first pass of a fresh JVM. Warm first makes one unmeasured pass of the same items through the
 * same Camel context, as a long-running service has done before, then measures a second one.
 */
public final class ComponentEndToEnd implements Variant {

    private final boolean warm;

    public ComponentEndToEnd(boolean warm) {
        this.warm = warm;
    }

    @Override
    public VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception {
        CompletionLatencies latencies = new CompletionLatencies(settings.completionMillis());
        PassTimeline timeline = new PassTimeline();
        ResultSinks sinks = new ResultSinks(settings.items(), latencies, timeline);
        CountingPollStrategy polls = new CountingPollStrategy(timeline);
        CamelContext context = BenchRoutes.context(settings, new TimingBatchTracker(latencies, timeline), polls, sinks,
                timeline, true);
        context.start();
        try {
            ProducerTemplate producer = context.createProducerTemplate();
            if (warm) {
                pass(settings, producer, sinks, timeline);
                settings.control().clearBatches();
                sinks.reset();
                polls.reset();
            }
            heap.startPhase();
            long start = pass(settings, producer, sinks, timeline);
            long end = System.nanoTime();
            System.out.println("last batch completed by " + timeline.lastCompletedBy());
            HeapMonitor.PhaseHeap runHeap = heap.endPhase();
            int batches = BatchRange.split(settings.items(), settings.batchItems()).size();
            return new VariantResult(warm ? "component-warm" : "component", sinks.received(), batches, end - start,
                    sinks.lastAt() - sinks.firstAt(), runHeap.sampledPeak(), runHeap.afterGcPeak(),
                    heap.runSampledPeak(), ProcessMemory.peakRssBytes(), latencies.meanMillis(), 0, 0, 0,
                    polls.polls(), timeline.phasesMillis(sinks.lastAt()));
        } finally {
            context.stop();
        }
    }

    /** Hands every item in and waits for every result; returns when the pass started. */
    private static long pass(VariantSettings settings, ProducerTemplate producer, ResultSinks sinks,
                             PassTimeline timeline) throws InterruptedException {
        long start = System.nanoTime();
        timeline.reset(start);
        for (long i = 0; i < settings.items(); i++) {
            Exchange exchange = producer.send(BenchRoutes.ITEMS, itemExchange(settings, i));
            if (exchange.getException() != null) {
                throw new IllegalStateException("item " + i + " was not accepted", exchange.getException());
            }
        }
        timeline.handedIn(System.nanoTime());
        sinks.await(30);
        return start;
    }

    /** Item {@code index}, with the properties a batch consumer (file, JDBC) sets when the settings ask for them. */
    private static Processor itemExchange(VariantSettings settings, long index) {
        return exchange -> {
            exchange.getIn().setBody(ComponentItems.item(index));
            if (settings.fromBatchConsumer()) {
                exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, (int) index);
                exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, (int) settings.items());
                exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == settings.items() - 1);
            }
        };
    }
}
