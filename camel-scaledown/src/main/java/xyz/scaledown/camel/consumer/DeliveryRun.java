package xyz.scaledown.camel.consumer;

import java.util.function.BooleanSupplier;

import xyz.scaledown.camel.tracking.BatchLease;

/**
 * One run of the results consumer, passed to everything that routes items: a poll (which delivers the batches that
 * are ready itself when {@code parallelBatches} is 1), or one batch taken by a delivery thread. Holds the lease of the
 * batch it is on and counts the exchanges it routed, for {@code maxMessagesPerPoll}. Used by one thread only.
 */
final class DeliveryRun {

    /** Why a run stops routing before the end of its batch. */
    enum Stop {
        /** The consumer is stopping or suspending: the batch stops between items. */
        CONSUMER_STOPPING,
        /** Another node holds the batch's lease now: this node stops at once, without marking. */
        LEASE_LOST,
        /** {@code maxMessagesPerPoll} exchanges were routed in this run: the next poll goes on. */
        POLL_BUDGET_SPENT
    }

    private final int maxMessages;
    private final BooleanSupplier consumerRunning;
    private BatchLease lease = BatchLease.UNSHARED;
    private int routed;
    private Runnable beforeDelivery = () -> {
    };

    DeliveryRun(int maxMessagesPerPoll, BooleanSupplier consumerRunning) {
        this.maxMessages = maxMessagesPerPoll;
        this.consumerRunning = consumerRunning;
    }

    /** The run is on this batch now, under this lease. */
    void onBatch(BatchLease held) {
        lease = held;
    }

    /** What to do once, before the batch in hand starts routing items (the poll gives up its other claims then). */
    void beforeDelivery(Runnable action) {
        beforeDelivery = action;
    }

    /** The batch in hand starts routing items. */
    void delivering() {
        Runnable action = beforeDelivery;
        beforeDelivery = () -> {
        };
        action.run();
    }

    BatchLease lease() {
        return lease;
    }

    void countRouted() {
        routed++;
    }

    /** Why the run must not route another item now, or null when it may. */
    Stop stop() {
        if (!consumerRunning.getAsBoolean()) {
            return Stop.CONSUMER_STOPPING;
        }
        if (!lease.isHeld()) {
            return Stop.LEASE_LOST;
        }
        return maxMessages > 0 && routed >= maxMessages ? Stop.POLL_BUDGET_SPENT : null;
    }
}
