package xyz.scaledown.camel.tracking.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * What differs between the databases the JDBC tracker runs on: how a lease expiry is computed from the database's
 * clock, how a sequence is read, and how the due batches are claimed. Everything else is the same SQL.
 */
enum TrackerDialect {

    POSTGRESQL("CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 millisecond'", "nextval('scaledown_moved_key')") {
        /** The due rows nobody holds are locked (skipping those another node is claiming) and leased. */
        @Override
        String claimDueSql() {
            return "UPDATE scaledown_batch SET lease_owner = ?, lease_until = " + leaseUntil()
                   + " WHERE batch_key IN (SELECT batch_key FROM scaledown_batch WHERE " + DUE_AND_FREE
                   + " ORDER BY next_poll_at NULLS FIRST, submitted_at, batch_key LIMIT ? FOR UPDATE SKIP LOCKED)"
                   + " RETURNING " + BATCH_COLUMNS;
        }
    },

    H2("DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)", "NEXT VALUE FOR scaledown_moved_key") {
        /**
         * H2 has no SKIP LOCKED, so the update re-checks that the lease is free on each row it locks (a row another
         * node leased in the meantime is left out), and FINAL TABLE returns the rows it leased.
         */
        @Override
        String claimDueSql() {
            return "SELECT " + BATCH_COLUMNS + " FROM FINAL TABLE (UPDATE scaledown_batch SET lease_owner = ?,"
                   + " lease_until = " + leaseUntil() + " WHERE batch_key IN (SELECT batch_key FROM scaledown_batch"
                   + " WHERE " + DUE_AND_FREE + " ORDER BY next_poll_at NULLS FIRST, submitted_at, batch_key"
                   + " FETCH FIRST ? ROWS ONLY) AND " + DUE_AND_FREE + ")";
        }
    };

    /** The columns {@link JdbcBatchTracker#batchOf} reads. */
    static final String BATCH_COLUMNS = "batch_id, total_count, submitted_at, last_status, poll_failures, next_poll_at,"
                                        + " delivered_lines";
    /** A batch due for a poll on the database's clock, whose lease nobody holds (or ran out). */
    private static final String DUE_AND_FREE = "state = 'submitted' AND (next_poll_at IS NULL OR next_poll_at <="
                                               + " CURRENT_TIMESTAMP) AND (lease_owner IS NULL OR lease_until <="
                                               + " CURRENT_TIMESTAMP)";
    private final String leaseUntil;
    private final String nextMovedKey;

    TrackerDialect(String leaseUntil, String nextMovedKey) {
        this.leaseUntil = leaseUntil;
        this.nextMovedKey = nextMovedKey;
    }

    /** The SQL expression of a new {@code batch_key} for an open batch taken over: negative, never an identity's. */
    String movedKey() {
        return "-(" + nextMovedKey + ")";
    }

    /** The SQL expression of "now on the database's clock plus a duration", the milliseconds its one parameter. */
    String leaseUntil() {
        return leaseUntil;
    }

    /** The one statement that leases the due batches and returns them (parameters: owner, lease duration, limit). */
    abstract String claimDueSql();

    static TrackerDialect of(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String product = metaData.getDatabaseProductName();
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return POSTGRESQL;
        }
        if ("H2".equalsIgnoreCase(product)) {
            return H2;
        }
        throw new IllegalArgumentException("trackerDataSource: the JDBC batch tracker runs on PostgreSQL and H2, but"
                                           + " this DataSource is " + product + " "
                                           + metaData.getDatabaseProductVersion());
    }
}
