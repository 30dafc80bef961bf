package xyz.scaledown.camel.consumer;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.tracking.BatchLease;

/**
 * Renews the leases of the batches this consumer is on, on a thread of their own and on a schedule, so a lease does
 * not depend on how long an item takes in the route.
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

    LeaseRenewals(ExecutorServiceManager executors, Object owner) {
        this.executors = executors;
        this.scheduler = executors.newSingleThreadScheduledExecutor(owner, "ScaleDownLeaseRenewal");
    }

    /** Renews {@code lease} every {@link BatchLease#renewEveryMillis()} until the returned renewal is closed. */
    Renewal keep(BatchLease lease) {
        long every = lease.renewEveryMillis();
        if (every <= 0) {
            return () -> {
            };
        }
        ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(() -> renew(lease), every, every,
                TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    private static void renew(BatchLease lease) {
        try {
            lease.renew();
        } catch (RuntimeException e) {
            // the store is unreachable: the marks fail too, and the lease runs out unless a later renewal gets through
            LOG.warn("Could not renew a ScaleDown batch lease: {}", e.getMessage());
        }
    }

    void shutdown() {
        executors.shutdownNow(scheduler);
    }
}
