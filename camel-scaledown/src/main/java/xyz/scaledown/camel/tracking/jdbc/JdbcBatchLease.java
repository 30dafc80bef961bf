package xyz.scaledown.camel.tracking.jdbc;

import xyz.scaledown.camel.JdbcTrackerException;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.tracking.BatchLease;

/**
 * A lease taken through {@link BatchLeases}, under the owner token of the consumer start that took it. Renewed every
 * third of its duration, so two renewals can fail before it runs out; the marks made under it check the token in the
 * same statement ({@link JdbcBatchTracker#markDelivered(BatchLease, String, int)}).
 */
final class JdbcBatchLease implements BatchLease {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchLease.class);

    private final BatchLeases leases;
    private final String batchId;
    private volatile boolean lost;
    private volatile boolean closed;

    JdbcBatchLease(BatchLeases leases, String batchId) {
        this.leases = leases;
        this.batchId = batchId;
    }

    /** The token this lease's marks must find in {@code lease_owner}. */
    String owner() {
        return leases.owner();
    }

    @Override
    public boolean isHeld() {
        return !lost;
    }

    @Override
    public boolean renew() {
        if (lost || closed) {
            return !lost;
        }
        boolean held;
        try {
            held = leases.renew(batchId);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot renew the lease of batch '" + batchId + "'", e);
        }
        if (!held && !closed) {
            lost();
        }
        return held;
    }

    @Override
    public long renewEveryMillis() {
        return Math.max(1, leases.durationMillis() / 3);
    }

    @Override
    public void lost() {
        if (!lost) {
            lost = true;
            LOG.warn("Node {} lost the lease of ScaleDown batch {} (it ran out and another node took it, or the batch is"
                     + " gone): this node stops emitting it at once", leases.owner(), batchId);
        }
    }

    @Override
    public void close() {
        if (lost || closed) {
            return;
        }
        closed = true;
        try {
            leases.release(batchId);
        } catch (SQLException e) {
            LOG.warn("Node {} could not release the lease of ScaleDown batch {}; it runs out by itself within {} ms",
                    leases.owner(), batchId, leases.durationMillis(), e);
        }
    }
}
