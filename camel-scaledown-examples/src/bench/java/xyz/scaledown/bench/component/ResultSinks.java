package xyz.scaledown.bench.component;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import xyz.scaledown.bench.Blackhole;
import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.PassTimeline;
import xyz.scaledown.camel.ScaleDownConstants;

/**
 * The no-op endpoints at the end of the results route, one per model: each consumes the body into a
 * {@link Blackhole}. Together they count results, note the first result of each batch and the first and last
 * result overall, and let the caller wait for the expected count.
 */
final class ResultSinks {

    private final CompletionLatencies latencies;
    private final PassTimeline timeline;
    private volatile CountDownLatch done;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong firstAt = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong();
    private final Processor summarize = new ModelSink();
    private final Processor extract = new ModelSink();
    private final Processor classify = new ModelSink();
    private final Processor other = new ModelSink();

    private final long expected;

    ResultSinks(long expected, CompletionLatencies latencies, PassTimeline timeline) {
        this.latencies = latencies;
        this.timeline = timeline;
        this.done = new CountDownLatch(1);
        this.expected = expected;
    }

    /** Starts counting again from zero, for the next pass in the same JVM. */
    void reset() {
        received.set(0);
        firstAt.set(0);
        lastAt.set(0);
        latencies.clear();
        done = new CountDownLatch(1);
    }

    Processor summarize() {
        return summarize;
    }

    Processor extract() {
        return extract;
    }

    Processor classify() {
        return classify;
    }

    Processor other() {
        return other;
    }

    long received() {
        return received.get();
    }

    long firstAt() {
        return firstAt.get();
    }

    long lastAt() {
        return lastAt.get();
    }

    void await(long timeoutMinutes) throws InterruptedException {
        if (!done.await(timeoutMinutes, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + received() + " of " + expected + " results arrived");
        }
    }

    private void arrived(Exchange exchange) {
        long now = System.nanoTime();
        firstAt.compareAndSet(0, now);
        String batchId = exchange.getIn().getHeader(ScaleDownConstants.BATCH_ID, String.class);
        if (!latencies.hasFirstResult(batchId)) {
            latencies.firstResult(batchId, now);
            timeline.result(batchId, now);
        }
        lastAt.set(now);
        if (received.incrementAndGet() == expected) {
            done.countDown();
        }
    }

    /**
     * One model's sink. With {@code parallelBatches} two deliveries may fold into one blackhole at once: its value is
     * never read, so that race costs nothing; the counts above are atomic.
     */
    private final class ModelSink implements Processor {
        private final Blackhole blackhole = new Blackhole();

        @Override
        public void process(Exchange exchange) {
            blackhole.consume(exchange.getIn().getBody());
            arrived(exchange);
        }
    }
}
