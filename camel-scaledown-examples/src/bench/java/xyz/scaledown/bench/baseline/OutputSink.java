package xyz.scaledown.bench.baseline;

import xyz.scaledown.bench.Blackhole;
import xyz.scaledown.bench.measure.CompletionLatencies;

/** The baselines' no-op consumer: a {@link Blackhole} that notes when the batch's first result arrived. */
final class OutputSink {

    private final Blackhole blackhole = new Blackhole();
    private final String batchId;
    private final CompletionLatencies latencies;

    OutputSink(String batchId, CompletionLatencies latencies) {
        this.batchId = batchId;
        this.latencies = latencies;
    }

    void accept(ParsedResult result) {
        if (blackhole.consumed() == 0) {
            latencies.firstResult(batchId, System.nanoTime());
        }
        blackhole.consume(result.content() == null ? result : result.content());
    }

    long consumed() {
        return blackhole.consumed();
    }

    long fold() {
        return blackhole.fold();
    }
}
