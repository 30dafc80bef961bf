package xyz.scaledown.camel.tracking.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Row leases on {@code scaledown_batch}: which node emits a batch's results, and until when. Expiry is computed and
 * compared on the database's clock, so the nodes' clocks do not need to agree.
 */
final class BatchLeases {

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

    long durationMillis() {
        return durationMillis;
    }

    /** Takes the batch's lease when nobody holds it, it ran out or this node holds it; false when another node does. */
    boolean claim(String batchId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean claimed = dialect.claim(connection, batchId, owner, durationMillis);
            Sql.commitIfManual(connection);
            return claimed;
        }
    }

    /** Leases up to {@code limit} due batches nobody holds, in one statement, and returns them. */
    List<TrackedBatch> claimDue(int limit) throws SQLException {
        return Sql.query(dataSource, dialect.claimDueSql(), Sql.list(JdbcBatchTracker::batchOf), owner, durationMillis,
                limit);
    }

    /** Extends this node's lease by the full duration; false when this node no longer holds it. */
    boolean renew(String batchId) throws SQLException {
        return Sql.update(dataSource, "UPDATE scaledown_batch SET lease_until = " + dialect.leaseUntil()
                                      + " WHERE batch_id = ? AND lease_owner = ?", durationMillis, batchId, owner) == 1;
    }

    /** Gives the lease up, if this node still holds it. */
    void release(String batchId) throws SQLException {
        Sql.update(dataSource, "UPDATE scaledown_batch SET lease_owner = NULL, lease_until = NULL"
                               + " WHERE batch_id = ? AND lease_owner = ?", batchId, owner);
    }

    /** The node holding a lease on the batch that has not run out yet, if any. */
    Optional<String> holder(String batchId) throws SQLException {
        return Sql.query(dataSource, "SELECT lease_owner FROM scaledown_batch WHERE batch_id = ?"
                                     + " AND lease_until > CURRENT_TIMESTAMP",
                rows -> rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String> empty(), batchId);
    }
}
