package xyz.scaledown.camel.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * An item's delivered mark written on the route's own connection, in the route's transaction on
 * {@code trackerDataSource}: the route's inserts and the mark commit or roll back together, so a kill at any point
 * neither loses the item nor inserts it twice. Nothing here commits, rolls back or closes that connection: its
 * transaction belongs to the route.
 * <p>
 * Fenced like every other mark, and locked: on the same connection the batch's row is first locked under this node's
 * token ({@code SELECT ... FOR UPDATE}, no new row version). The lock stays until the route's transaction ends, so no
 * node claims the batch (and reads the item as undelivered) between the mark and the commit.
 */
public final class RouteTransactionMark {

    private final DataSource routeDataSource;
    /** The route's connection is not one of the tracker's, which set the query timeout themselves. */
    private final int timeoutSeconds;
    private final BatchLeases.Lease lease;
    private final String batchId;
    private final int itemIndex;

    RouteTransactionMark(DataSource routeDataSource, DataSource trackerStatements, BatchLeases.Lease lease,
            String batchId, int itemIndex) {
        this.routeDataSource = routeDataSource;
        this.timeoutSeconds = QueryTimeoutDataSource.timeoutSeconds(trackerStatements);
        this.lease = lease;
        this.batchId = batchId;
        this.itemIndex = itemIndex;
    }

    /** The DataSource as the application gave it: a route's transaction on it holds its connection under this key. */
    public DataSource dataSource() {
        return routeDataSource;
    }

    /**
     * Locks the batch's row and marks the item on the route's connection, uncommitted. False, with nothing written,
     * when this node no longer holds the batch: the lease is then recorded lost, and the caller must roll the route's
     * transaction back.
     */
    public boolean writeOn(Connection connection) throws SQLException {
        if (!lease.isHeld()) {
            return false;
        }
        boolean written;
        try (PreparedStatement lock = prepare(connection, "SELECT batch_key FROM scaledown_batch WHERE batch_id = ?"
                                                          + " AND lease_owner = ? FOR UPDATE", batchId, lease.owner());
             ResultSet held = lock.executeQuery()) {
            written = held.next();
        }
        if (written) {
            try (PreparedStatement mark = prepare(connection, JdbcBatchTracker.MARK_DELIVERED_HELD, batchId,
                    lease.owner(), itemIndex)) {
                written = mark.executeUpdate() == 1;
            }
        }
        if (!written) {
            lease.lost();
        }
        return written;
    }

    private PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = Sql.prepare(connection, sql, parameters);
        if (timeoutSeconds > 0) {
            statement.setQueryTimeout(timeoutSeconds);
        }
        return statement;
    }

    @Override
    public String toString() {
        return "delivered mark of item " + itemIndex + " of batch " + batchId;
    }
}
