package xyz.scaledown.camel.consumer;

import xyz.scaledown.camel.tracking.BatchLease;

/**
 * One thread's run of the results consumer: a poll (which delivers the batches that are ready itself when
 * {@code parallelBatches} is 1), or one batch delivery on the consumer's pool. Counts the exchanges it routed, for
 * {@code maxMessagesPerPoll}, and holds the lease of the batch it is on. Used by one thread only.
 */
final class DeliveryRun {

    private final boolean batchDelivery;
    private BatchLease lease = BatchLease.UNSHARED;
    private boolean leaseHandedOver;
    private int routed;

    private DeliveryRun(boolean batchDelivery, BatchLease lease) {
        this.batchDelivery = batchDelivery;
        this.lease = lease;
    }

    /** The run of one poll. */
    static DeliveryRun poll() {
        return new DeliveryRun(false, BatchLease.UNSHARED);
    }

    /** The run of one batch delivery on the pool, under the lease the poll took for it. */
    static DeliveryRun batchDelivery(BatchLease lease) {
        return new DeliveryRun(true, lease);
    }

    /** True for a batch delivery on the pool; false for a poll. */
    boolean isBatchDelivery() {
        return batchDelivery;
    }

    /** The poll is on this batch now, under this lease. */
    void onBatch(BatchLease held) {
        lease = held;
        leaseHandedOver = false;
    }

    /** The poll is done with the batch; the lease, unless it went with the batch to the pool, is released. */
    void offBatch() {
        BatchLease held = lease;
        lease = BatchLease.UNSHARED;
        if (!leaseHandedOver) {
            held.close();
        }
        leaseHandedOver = false;
    }

    BatchLease lease() {
        return lease;
    }

    /** The batch went to the pool with its lease, which its delivery releases. */
    void leaseHandedOver() {
        leaseHandedOver = true;
    }

    void countRouted() {
        routed++;
    }

    /** False once {@code maxMessagesPerPoll} exchanges were routed in this run, or the batch's lease was lost. */
    boolean mayContinue(int maxMessagesPerPoll) {
        return (maxMessagesPerPoll <= 0 || routed < maxMessagesPerPoll) && lease.keep();
    }
}
