package xyz.scaledown.camel.tracking.jdbc;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.JdbcTrackerException;
import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Row leases on {@code scaledown_batch} under one owner token: which node emits a batch's results, and until when.
 * Expiry is computed and compared on the database's clock, so the nodes' clocks need not agree.
 */
final class BatchLeases {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLeases.class);

    private final DataSource dataSource;
    private final TrackerDialect dialect;
    private final String owner;
    private final long durationMillis;

    BatchLeases(DataSource dataSource, TrackerDialect dialect, String owner, long durationMillis) {
        if (durationMillis <= 0) {
            throw new IllegalArgumentException("leaseDuration must be positive but was " + durationMillis + " ms");
        }
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.owner = owner;
        this.durationMillis = durationMillis;
    }

    String owner() {
        return owner;
    }

    /**
     * Takes the batch's lease when nobody holds it, it ran out or this owner holds it; false when another node does.
     * One conditional update, so of nodes claiming at once exactly one wins: the database locks the row it updates,
     * and checks the condition again once the other claim is done.
     */
    boolean claim(String batchId) {
        return JdbcBatchTracker.update(dataSource, "claim the lease of", batchId, "UPDATE scaledown_batch SET"
                + " lease_owner = ?, lease_until = " + dialect.leaseUntil() + " WHERE batch_id = ? AND (lease_owner IS"
                + " NULL OR lease_owner = ? OR lease_until <= CURRENT_TIMESTAMP)", owner, durationMillis, batchId,
                owner) == 1;
    }

    /** Leases up to {@code limit} due batches nobody holds, in one statement, and returns them. */
    List<TrackedBatch> claimDue(int limit) {
        return JdbcBatchTracker.call("cannot claim the batches due for a poll", () -> Sql.query(dataSource,
                dialect.claimDueSql(), Sql.list(JdbcBatchTracker::batchOf), owner, durationMillis, limit));
    }

    /** Extends this owner's lease by the full duration; false when it no longer holds it. */
    boolean renew(String batchId) {
        return JdbcBatchTracker.update(dataSource, "renew the lease of", batchId, "UPDATE scaledown_batch SET"
                + " lease_until = " + dialect.leaseUntil() + " WHERE batch_id = ? AND lease_owner = ?", durationMillis,
                batchId, owner) == 1;
    }

    /** Gives the lease up, if this owner still holds it. */
    void release(String batchId) {
        JdbcBatchTracker.update(dataSource, "release the lease of", batchId, "UPDATE scaledown_batch SET"
                + " lease_owner = NULL, lease_until = NULL WHERE batch_id = ? AND lease_owner = ?", batchId, owner);
    }

    /** The node holding a lease on the batch that has not run out yet, if any. */
    Optional<String> holder(String batchId) {
        return JdbcBatchTracker.call("cannot read the lease of batch '" + batchId + "'", () -> Sql.query(dataSource,
                "SELECT lease_owner FROM scaledown_batch WHERE batch_id = ? AND lease_until > CURRENT_TIMESTAMP",
                rows -> rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String> empty(), batchId));
    }

    /** The lease of a batch {@link #claim claimed} under this owner. */
    Lease leaseOf(String batchId) {
        return new Lease(batchId);
    }

    /**
     * One batch's lease. Renewed every third of its duration, so two renewals can fail before it runs out; the marks
     * made under it check the token in the same statement.
     */
    final class Lease implements BatchLease {

        private final String batchId;
        private volatile boolean lost;
        private volatile boolean closed;

        private Lease(String batchId) {
            this.batchId = batchId;
        }

        /** The token this lease's marks must find in {@code lease_owner}. */
        String owner() {
            return owner;
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
            boolean held = BatchLeases.this.renew(batchId);
            if (!held && !closed) {
                lost();
            }
            return held;
        }

        @Override
        public long renewEveryMillis() {
            return Math.max(1, durationMillis / 3);
        }

        @Override
        public void lost() {
            if (!lost) {
                lost = true;
                LOG.warn("Node {} lost the lease of ScaleDown batch {} (it ran out and another node took it, or the"
                         + " batch is gone): this node stops emitting it at once", owner, batchId);
            }
        }

        @Override
        public void close() {
            if (lost || closed) {
                return;
            }
            closed = true;
            try {
                release(batchId);
            } catch (JdbcTrackerException e) {
                LOG.warn("Node {} could not release the lease of ScaleDown batch {}; it runs out by itself within {}"
                         + " ms", owner, batchId, durationMillis, e);
            }
        }
    }
}
