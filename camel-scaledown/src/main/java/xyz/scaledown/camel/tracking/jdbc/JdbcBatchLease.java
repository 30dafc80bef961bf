package xyz.scaledown.camel.tracking.jdbc;

import xyz.scaledown.camel.JdbcTrackerException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.tracking.BatchLease;

/**
 * A lease taken through {@link BatchLeases}. {@link #keep()} is called after every item, so it only goes to the
 * database once a third of the lease has passed: two renewals can fail before the lease runs out.
 */
final class JdbcBatchLease implements BatchLease {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchLease.class);

    private final BatchLeases leases;
    private final String batchId;
    private final long renewEveryNanos;
    private long renewedAt = System.nanoTime();
    private boolean lost;

    JdbcBatchLease(BatchLeases leases, String batchId) {
        this.leases = leases;
        this.batchId = batchId;
        this.renewEveryNanos = TimeUnit.MILLISECONDS.toNanos(leases.durationMillis()) / 3;
    }

    @Override
    public boolean keep() {
        if (lost) {
            return false;
        }
        long now = System.nanoTime();
        if (now - renewedAt < renewEveryNanos) {
            return true;
        }
        try {
            lost = !leases.renew(batchId);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot renew the lease of batch '" + batchId + "'", e);
        }
        renewedAt = now;
        if (lost) {
            LOG.warn("Node {} lost the lease of ScaleDown batch {} (it ran out and another node took it): this node"
                     + " stops emitting it", leases.owner(), batchId);
        }
        return !lost;
    }

    @Override
    public void close() {
        if (lost) {
            return;
        }
        try {
            leases.release(batchId);
        } catch (SQLException e) {
            LOG.warn("Node {} could not release the lease of ScaleDown batch {}; it runs out by itself within {} ms",
                    leases.owner(), batchId, leases.durationMillis(), e);
        }
    }
}
