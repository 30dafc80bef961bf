package xyz.scaledown.camel.consumer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.tracking.BatchLease;

/**
 * Renews the leases of the batches this consumer is on, on a thread of its own and on a schedule, so a lease does
 * not depend on how long an item takes in the route. One task renews every lease held, every
 * {@link BatchLease#renewEveryMillis()} (the leases of one tracker share their duration).
 */
final class LeaseRenewals {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewals.class);

    /** Stops renewing one lease. */
    interface Renewal extends AutoCloseable {
        @Override
        void close();
    }

    private final ExecutorServiceManager executors;
    private final ScheduledExecutorService scheduler;
    private final Set<BatchLease> held = ConcurrentHashMap.newKeySet();
    private volatile boolean scheduled;

    LeaseRenewals(ExecutorServiceManager executors, Object owner) {
        this.executors = executors;
        this.scheduler = executors.newSingleThreadScheduledExecutor(owner, "ScaleDownLeaseRenewal");
    }

    /** Renews {@code lease} on the schedule until the returned renewal is closed. */
    Renewal keep(BatchLease lease) {
        long every = lease.renewEveryMillis();
        if (every <= 0) {
            return () -> {
            };
        }
        held.add(lease);
        scheduleOnce(every);
        return () -> held.remove(lease);
    }

    private synchronized void scheduleOnce(long every) {
        if (!scheduled) {
            scheduler.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
            scheduled = true;
        }
    }

    private void renewAll() {
        for (BatchLease lease : held) {
            try {
                lease.renew();
            } catch (RuntimeException e) {
                // the store is unreachable: the marks fail too, and the lease runs out unless a later renewal gets
                // through
                LOG.warn("Could not renew a ScaleDown batch lease: {}", e.getMessage());
            }
        }
    }

    void shutdown() {
        executors.shutdownNow(scheduler);
    }
}
