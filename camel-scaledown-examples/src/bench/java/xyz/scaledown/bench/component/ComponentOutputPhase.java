package xyz.scaledown.bench.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;

import xyz.scaledown.bench.Variant;
import xyz.scaledown.bench.VariantResult;
import xyz.scaledown.bench.VariantSettings;
import xyz.scaledown.bench.baseline.RawBatchClient;
import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.HeapMonitor;
import xyz.scaledown.bench.measure.PassTimeline;
import xyz.scaledown.bench.measure.ProcessMemory;
import xyz.scaledown.camel.tracking.InMemoryBatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * The component's output phase alone: the batches are submitted beforehand (by the hand-written client, in
 * {@code batchItems} batches) and completed; then the results route starts and the phase runs from its start to
 * the last result in the sinks: one status call per batch, then each output streamed through the route.
 */
public final class ComponentOutputPhase implements Variant {

    @Override
    public VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception {
        List<BatchRange> ranges = BatchRange.split(settings.items(), settings.batchItems());
        List<String> batchIds = submitAndWait(settings, ranges);
        CompletionLatencies latencies = new CompletionLatencies(0);
        PassTimeline timeline = new PassTimeline();
        ResultSinks sinks = new ResultSinks(settings.items(), latencies, timeline);
        InMemoryBatchTracker tracker = new InMemoryBatchTracker();
        for (int i = 0; i < ranges.size(); i++) {
            tracker.track(TrackedBatch.submitted(batchIds.get(i), ranges.get(i).size(), null), ranges.get(i).customIds(),
                    Map.of());
        }
        CountingPollStrategy polls = new CountingPollStrategy(timeline);
        CamelContext context = BenchRoutes.context(settings, tracker, polls, sinks, timeline, false);
        context.start();
        try {
            settings.control().resetCounts();
            heap.startPhase();
            long start = System.nanoTime();
            context.getRouteController().startRoute(BenchRoutes.RESULTS_ROUTE);
            sinks.await(30);
            long end = System.nanoTime();
            HeapMonitor.PhaseHeap outputHeap = heap.endPhase();
            return new VariantResult("component-output", sinks.received(), ranges.size(), end - start, end - start,
                    outputHeap.sampledPeak(), outputHeap.afterGcPeak(), heap.runSampledPeak(),
                    ProcessMemory.peakRssBytes(), Double.NaN, 0, 0, 0, polls.polls());
        } finally {
            context.stop();
        }
    }

    private static List<String> submitAndWait(VariantSettings settings, List<BatchRange> ranges) throws Exception {
        RawBatchClient client = new RawBatchClient(settings.baseUrl(), settings.apiKey());
        List<String> batchIds = new ArrayList<>();
        for (BatchRange range : ranges) {
            batchIds.add(client.submit(range));
        }
        for (String batchId : batchIds) {
            while (!client.status(batchId).equals("completed")) {
                Thread.sleep(settings.pollDelayMillis());
            }
        }
        return batchIds;
    }
}
