package xyz.scaledown.bench.baseline;

import java.io.IOException;

import xyz.scaledown.bench.Variant;
import xyz.scaledown.bench.VariantResult;
import xyz.scaledown.bench.VariantSettings;
import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.HeapMonitor;
import xyz.scaledown.bench.measure.ProcessMemory;

/**
 * The hand-written client's run: submit all items as one batch, poll until it is completed, then read the output
 * as the subclass does. The garbage collection between the submit and the output phase is not counted in the
 * end-to-end time.
 */
abstract class BaselineRun implements Variant {

    private final String name;

    BaselineRun(String name) {
        this.name = name;
    }

    /** Reads the completed batch's output and hands every parsed result to the sink; returns the items read. */
    abstract long readOutput(RawBatchClient client, String batchId, OutputSink sink) throws IOException,
            InterruptedException;

    @Override
    public VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception {
        RawBatchClient client = new RawBatchClient(settings.baseUrl(), settings.apiKey());
        CompletionLatencies latencies = new CompletionLatencies(settings.completionMillis());
        long start = System.nanoTime();
        String batchId = client.submit(new BatchRange(0, settings.items()));
        latencies.submitted(batchId, System.nanoTime());
        waitUntilCompleted(client, batchId, settings.pollDelayMillis());

        long gcStart = System.nanoTime();
        heap.startPhase();
        long outputStart = System.nanoTime();
        OutputSink sink = new OutputSink(batchId, latencies);
        long items = readOutput(client, batchId, sink);
        long end = System.nanoTime();
        HeapMonitor.PhaseHeap outputHeap = heap.endPhase();
        if (items != settings.items() || sink.consumed() != items) {
            throw new IllegalStateException(name + " read " + items + " items, expected " + settings.items());
        }
        System.out.println(name + ": sink fold " + sink.fold());
        long total = (end - start) - (outputStart - gcStart);
        return new VariantResult(name, items, 1, total, end - outputStart, outputHeap.sampledPeak(),
                outputHeap.afterGcPeak(), heap.runSampledPeak(), ProcessMemory.peakRssBytes(),
                latencies.meanMillis(), 0, 0, 0, 0);
    }

    private static void waitUntilCompleted(RawBatchClient client, String batchId, long pollDelayMillis)
            throws IOException, InterruptedException {
        while (true) {
            String status = client.status(batchId);
            if (status.equals("completed")) {
                return;
            }
            if (status.equals("failed")) {
                throw new IllegalStateException("batch " + batchId + " failed");
            }
            Thread.sleep(pollDelayMillis);
        }
    }
}
