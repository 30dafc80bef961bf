package xyz.scaledown.camel.consumer;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.jdbc.JdbcBatchTracker;
import xyz.scaledown.camel.tracking.jdbc.RouteTransactionMark;

/**
 * One item's delivered mark offered to the route: carried by its exchange, joined by the route's transaction on
 * {@code trackerDataSource} when there is one ({@link SpringTransactedMarks}), written before that transaction
 * commits. The consumer then marks nothing after the exchange: the store says delivered exactly when the route's own
 * writes committed. Without such a transaction the consumer marks the item after the exchange, as always.
 * <p>
 * Used by the thread that routes the item (a transaction runs on one thread).
 */
final class TransactedMark {

    /** The exchange property that carries the mark through the route. */
    static final String PROPERTY = "ScaleDownTransactedMark";

    private final RouteTransactionMark write;
    /** A transaction on the DataSource took the mark and has not ended yet. */
    private boolean joined;
    /** Written in the transaction now running. */
    private boolean written;
    private boolean committed;
    private boolean leaseLost;

    private TransactedMark(RouteTransactionMark write) {
        this.write = write;
    }

    /** The mark of an item of a batch in a JDBC store, under this lease; null for any other store. */
    static TransactedMark forItem(BatchTracker tracker, BatchLease lease, String batchId, int itemIndex) {
        return tracker instanceof JdbcBatchTracker jdbc
                ? jdbc.routeTransactionMark(lease, batchId, itemIndex).map(TransactedMark::new).orElse(null)
                : null;
    }

    DataSource dataSource() {
        return write.dataSource();
    }

    /** Whether a transaction may take the mark now: none holds it, and none committed it. */
    boolean mayJoin() {
        return !joined && !committed && !leaseLost;
    }

    void joined() {
        joined = true;
    }

    /**
     * Writes the mark on the transaction's connection, before it commits; throws when this node lost the batch's
     * lease, so the transaction rolls back with the route's writes.
     */
    void writeOn(Connection connection) throws SQLException {
        if (!write.writeOn(connection)) {
            leaseLost = true;
            throw new IllegalStateException("Not committing the " + write + ": this node no longer holds the"
                                            + " batch's lease, so the route's transaction is rolled back and the node"
                                            + " holding the batch now routes the item");
        }
        written = true;
    }

    /** The transaction ended: the mark is in the store when it committed with it. */
    void ended(boolean commit) {
        committed |= commit && written;
        joined = false;
        written = false;
    }

    /** The route's transaction committed the mark: the item is delivered, whatever the exchange's outcome after. */
    boolean committed() {
        return committed;
    }

    /** The mark was refused for want of the lease: the route's transaction rolled back. */
    boolean leaseLost() {
        return leaseLost;
    }
}
