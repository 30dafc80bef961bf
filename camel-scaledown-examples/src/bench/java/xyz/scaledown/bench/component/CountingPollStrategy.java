package xyz.scaledown.bench.component;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;

import xyz.scaledown.bench.measure.PassTimeline;

/** Camel's default poll strategy, counting the polls the results consumer makes and noting when each began. */
final class CountingPollStrategy extends DefaultPollingConsumerPollStrategy {

    private final AtomicLong polls = new AtomicLong();
    private final PassTimeline timeline;

    CountingPollStrategy(PassTimeline timeline) {
        this.timeline = timeline;
    }

    void reset() {
        polls.set(0);
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        polls.incrementAndGet();
        timeline.pollBegan(System.nanoTime());
        return super.begin(consumer, endpoint);
    }

    long polls() {
        return polls.get();
    }
}
