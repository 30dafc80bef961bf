package xyz.scaledown.bench.component;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;

/** Camel's default poll strategy, counting the polls the results consumer makes. */
final class CountingPollStrategy extends DefaultPollingConsumerPollStrategy {

    private final AtomicLong polls = new AtomicLong();

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        polls.incrementAndGet();
        return super.begin(consumer, endpoint);
    }

    long polls() {
        return polls.get();
    }
}
