package xyz.scaledown.camel.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static xyz.scaledown.camel.aggregation.AggregationTables.BATCH;
import static xyz.scaledown.camel.aggregation.AggregationTables.ITEM;
import static xyz.scaledown.camel.aggregation.AggregationTables.NODE;

/**
 * Keeps batches in tables shared by any number of nodes (see {@link AggregationTables}): one row per batch, one row
 * per item. An {@code add} is one transaction inserting the new items' rows; completing a batch flips one flag;
 * reading streams the item rows in order with a cursor.
 * <p>
 * Each start of a store is a node with an owner token of its own (the JVM name and a UUID, as the JDBC tracker's
 * leases) and a node lease, renewed every third of its duration on the database's clock. Every batch row names its
 * owner: a node sees and changes only its own, and each change checks the owner in the same transaction. The batches
 * of a node whose lease ran out (killed) or that released it (stopped) are taken over one by one with an update
 * conditional on the old owner, so exactly one live node takes each: at start its open batches are resumed (one per
 * correlation key), and the recovery scan takes the rest, completing the open ones on the way.
 */
final class JdbcAggregationStore implements AggregationStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAggregationStore.class);
    private static final int FETCH_SIZE = 1000;
    /** Room left in {@code owner} (255) for the JVM name beside the UUID. */
    private static final int NODE_NAME_CHARS = 200;
    /** Now on the database's clock plus the duration in milliseconds (the one parameter); PostgreSQL and H2 alike. */
    private static final String LEASE_UNTIL = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    /** The batch's owner holds no lease that still runs: it died, stopped, or paused longer than its lease. */
    private static final String OWNER_GONE = "owner NOT IN (SELECT n.owner FROM " + NODE
            + " n WHERE n.lease_until > CURRENT_TIMESTAMP)";

    private final DataSource dataSource;
    private final boolean createTables;
    private final long leaseMillis;
    private final String owner = newOwnerToken();
    private ScheduledExecutorService renewals;

    JdbcAggregationStore(DataSource dataSource, boolean createTables, long leaseMillis) {
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("leaseDuration must be positive but was " + leaseMillis + " ms");
        }
        this.dataSource = dataSource;
        this.createTables = createTables;
        this.leaseMillis = leaseMillis;
    }

    /** The JVM's name (pid@host, for an operator) and a random UUID (the fence: unique whatever the pid and host). */
    private static String newOwnerToken() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        return (jvm.length() > NODE_NAME_CHARS ? jvm.substring(0, NODE_NAME_CHARS) : jvm) + "/" + UUID.randomUUID();
    }

    /** This node's token in the {@code owner} columns. */
    String owner() {
        return owner;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    /** Runs {@code work} in one transaction on a connection of its own. */
    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ScaleDown aggregation repository: cannot " + what + ": " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("ScaleDown aggregation repository: cannot " + what, e);
        }
    }

    @Override
    public void start() {
        inTransaction(createTables ? "create its tables" : "find its tables", connection -> {
            if (createTables) {
                AggregationTables.create(connection);
            }
            AggregationTables.check(connection, createTables);
            return null;
        });
        renewLease();
        renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ScaleDownAggregationLease");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, leaseMillis / 3);
        renewals.scheduleWithFixedDelay(this::renewOnSchedule, every, every, TimeUnit.MILLISECONDS);
        LOG.info("ScaleDown JDBC aggregation repository: node {}, node lease of {} ms", owner, leaseMillis);
    }

    /** Extends this node's lease by its full duration; puts its row back if another node swept it meanwhile. */
    private void renewLease() {
        inTransaction("renew the lease of node " + owner, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + NODE + " SET lease_until = " + LEASE_UNTIL + " WHERE owner = ?")) {
                update.setLong(1, leaseMillis);
                update.setString(2, owner);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + NODE + " (owner, lease_until) VALUES (?, " + LEASE_UNTIL + ")")) {
                insert.setString(1, owner);
                insert.setLong(2, leaseMillis);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private void renewOnSchedule() {
        try {
            renewLease();
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not renew its ScaleDown aggregation lease (tried again in {} ms; once it runs out,"
                    + " other nodes take its batches over): {}", owner, Math.max(1, leaseMillis / 3), e.getMessage());
        }
    }

    /** Stops renewing and releases the lease, so a live node takes this node's batches over at once. */
    @Override
    public void stop() {
        if (renewals == null) {
            return;
        }
        renewals.shutdownNow();
        renewals = null;
        try {
            inTransaction("release the lease of node " + owner, connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + NODE + " WHERE owner = ?")) {
                    delete.setString(1, owner);
                    delete.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not release its ScaleDown aggregation lease; its batches are taken over once it"
                    + " runs out, within {} ms: {}", owner, leaseMillis, e.getMessage());
        }
    }

    /**
     * Resumes the open batches of nodes gone (one per correlation key; any other is completed by the recovery scan)
     * and returns them.
     */
    @Override
    public List<StoredGroup> openGroups() {
        Set<String> keys = new HashSet<>();
        for (String[] batch : batchesOfNodesGone(true)) {
            if (!keys.contains(batch[2]) && takeOver(batch[0], batch[1], false)) {
                keys.add(batch[2]);
            }
        }
        return inTransaction("read the open batches", connection -> {
            List<StoredGroup> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT b.exchange_id, b.correlation_key, "
                    + "b.envelope, COUNT(i.item_index), COALESCE(SUM(OCTET_LENGTH(i.request_line)), 0) FROM " + BATCH
                    + " b LEFT JOIN " + ITEM + " i ON i.exchange_id = b.exchange_id WHERE b.completed = FALSE "
                    + "AND b.owner = ? GROUP BY b.exchange_id, b.correlation_key, b.envelope")) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        groups.add(new StoredGroup(rows.getString(1), rows.getString(2), rows.getBytes(3),
                                rows.getInt(4), rows.getLong(5)));
                    }
                }
            }
            return groups;
        });
    }

    /** Exchange id, owner and correlation key of the batches whose owner is gone, open ones only or all. */
    private List<String[]> batchesOfNodesGone(boolean openOnly) {
        return inTransaction("look for batches of nodes gone", connection -> {
            List<String[]> batches = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT exchange_id, owner, correlation_key"
                    + " FROM " + BATCH + " WHERE " + (openOnly ? "completed = FALSE AND " : "") + "owner <> ? AND "
                    + OWNER_GONE)) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        batches.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3) });
                    }
                }
            }
            return batches;
        });
    }

    /**
     * Makes this node the owner of a batch of a node gone, if it is still that node's: one conditional update, so one
     * node takes it whatever the others do at the same time. {@code complete}: it is completed on the way.
     */
    private boolean takeOver(String exchangeId, String previousOwner, boolean complete) {
        boolean taken = inTransaction("take over batch " + exchangeId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + BATCH + " SET owner = ?"
                    + (complete ? ", completed = TRUE" : "") + " WHERE exchange_id = ? AND owner = ? AND "
                    + OWNER_GONE)) {
                update.setString(1, owner);
                update.setString(2, exchangeId);
                update.setString(3, previousOwner);
                return update.executeUpdate() == 1;
            }
        });
        if (taken) {
            LOG.info("Node {} took over ScaleDown batch {} of node {}, whose lease ran out or was released{}", owner,
                    exchangeId, previousOwner, complete ? "" : ": it goes on aggregating here");
        }
        return taken;
    }

    @Override
    public void forEachCustomId(String exchangeId, IdVisitor visitor) {
        readRows("read the custom ids of batch " + exchangeId, "SELECT custom_id FROM " + ITEM
                + " WHERE exchange_id = ? ORDER BY item_index", exchangeId, rows -> visitor.visit(rows.getString(1)));
    }

    @Override
    public void create(StoredGroup group, List<StoredItem> firstItems) {
        inTransaction("store a new batch", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + BATCH
                    + " (exchange_id, owner, correlation_key, completed, envelope) VALUES (?, ?, ?, FALSE, ?)")) {
                insert.setString(1, group.exchangeId());
                insert.setString(2, owner);
                insert.setString(3, group.key());
                insert.setBytes(4, group.envelope());
                insert.executeUpdate();
            }
            insertItems(connection, group.exchangeId(), 0, firstItems);
            return null;
        });
    }

    @Override
    public void append(String exchangeId, int firstPosition, List<StoredItem> items) {
        inTransaction("append " + items.size() + " item(s) to batch " + exchangeId, connection -> {
            // locks the batch's row until the commit: a node taking it over waits, then reads these items too
            try (PreparedStatement hold = connection.prepareStatement("SELECT 1 FROM " + BATCH
                    + " WHERE exchange_id = ? AND owner = ? AND completed = FALSE FOR UPDATE")) {
                hold.setString(1, exchangeId);
                hold.setString(2, owner);
                try (ResultSet held = hold.executeQuery()) {
                    if (!held.next()) {
                        throw new BatchTakenOverException(exchangeId, "add to");
                    }
                }
            }
            insertItems(connection, exchangeId, firstPosition, items);
            return null;
        });
    }

    private static void insertItems(Connection connection, String exchangeId, int firstPosition,
            List<StoredItem> items) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + ITEM
                + " (exchange_id, item_index, custom_id, request_line, correlation) VALUES (?, ?, ?, ?, ?)")) {
            int index = firstPosition;
            for (StoredItem item : items) {
                insert.setString(1, exchangeId);
                insert.setInt(2, index++);
                insert.setString(3, item.customId());
                insert.setBytes(4, item.requestLine());
                insert.setString(5, item.correlationJson());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public boolean containsCustomId(String exchangeId, String customId) {
        return inTransaction("look up a custom id in batch " + exchangeId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM " + ITEM + " WHERE exchange_id = ? AND custom_id = ?")) {
                select.setString(1, exchangeId);
                select.setString(2, customId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void complete(String exchangeId, byte[] envelope) {
        inTransaction("mark batch " + exchangeId + " completed", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + BATCH + " SET completed = TRUE, envelope = ? WHERE exchange_id = ? AND owner = ?")) {
                update.setBytes(1, envelope);
                update.setString(2, exchangeId);
                update.setString(3, owner);
                if (update.executeUpdate() != 1) {
                    throw new BatchTakenOverException(exchangeId, "complete");
                }
            }
            return null;
        });
    }

    @Override
    /** Only while this node owns it: a batch another node took over is that node's to confirm. */
    public void delete(String exchangeId) {
        boolean deleted = inTransaction("delete batch " + exchangeId, connection -> {
            try (PreparedStatement batch = connection.prepareStatement(
                    "DELETE FROM " + BATCH + " WHERE exchange_id = ? AND owner = ?")) {
                batch.setString(1, exchangeId);
                batch.setString(2, owner);
                if (batch.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement items = connection.prepareStatement(
                    "DELETE FROM " + ITEM + " WHERE exchange_id = ?")) {
                items.setString(1, exchangeId);
                items.executeUpdate();
            }
            return true;
        });
        if (!deleted) {
            LOG.warn("Node {} did not delete ScaleDown batch {}: another node took it over after this node's lease ran"
                    + " out (or it is gone), and confirms it itself", owner, exchangeId);
        }
    }

    /**
     * This node's completed batches, after taking over those of nodes gone (their open batches completed on the way)
     * and deleting the lease rows of nodes gone that own nothing any more.
     */
    @Override
    public Set<String> completedIds() {
        for (String[] batch : batchesOfNodesGone(false)) {
            takeOver(batch[0], batch[1], true);
        }
        return inTransaction("scan for completed batches", connection -> {
            try (PreparedStatement sweep = connection.prepareStatement("DELETE FROM " + NODE + " WHERE lease_until"
                    + " <= CURRENT_TIMESTAMP AND NOT EXISTS (SELECT 1 FROM " + BATCH + " b WHERE b.owner = "
                    + NODE + ".owner)")) {
                sweep.executeUpdate();
            }
            Set<String> ids = new LinkedHashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT exchange_id FROM " + BATCH + " WHERE completed = TRUE AND owner = ?")) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    @Override
    public StoredGroup completed(String exchangeId) {
        return inTransaction("read batch " + exchangeId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT b.correlation_key, b.envelope, "
                    + "(SELECT COUNT(*) FROM " + ITEM + " i WHERE i.exchange_id = b.exchange_id), "
                    + "(SELECT COALESCE(SUM(OCTET_LENGTH(i.request_line)), 0) FROM " + ITEM
                    + " i WHERE i.exchange_id = b.exchange_id) FROM " + BATCH
                    + " b WHERE b.exchange_id = ? AND b.completed = TRUE AND b.owner = ?")) {
                select.setString(1, exchangeId);
                select.setString(2, owner);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new StoredGroup(exchangeId, rows.getString(1), rows.getBytes(2),
                            rows.getInt(3), rows.getLong(4)) : null;
                }
            }
        });
    }

    @Override
    public void forEachLine(String exchangeId, LineVisitor visitor) throws IOException {
        try {
            readLines(exchangeId, visitor);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the visitor's own failure (the HTTP body's connection, say), as it was
        }
    }

    private void readLines(String exchangeId, LineVisitor visitor) {
        readRows("read the items of batch " + exchangeId, "SELECT request_line FROM " + ITEM
                + " WHERE exchange_id = ? ORDER BY item_index", exchangeId, rows -> visitor.visit(rows.getBytes(1)));
    }

    @Override
    public void forEachCorrelation(String exchangeId, CorrelationVisitor visitor) {
        readRows("read the correlations of batch " + exchangeId, "SELECT custom_id, correlation FROM " + ITEM
                + " WHERE exchange_id = ? AND correlation IS NOT NULL ORDER BY item_index", exchangeId,
                rows -> visitor.visit(rows.getString(1), rows.getString(2)));
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(ResultSet row) throws SQLException, IOException;
    }

    /**
     * Streams the rows of a query on one batch; in a transaction, so PostgreSQL reads them with a cursor instead of
     * loading them all.
     */
    private void readRows(String what, String sql, String exchangeId, RowVisitor visitor) {
        inTransaction(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(FETCH_SIZE);
                select.setString(1, exchangeId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(rows);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "jdbc:" + dataSource.getClass().getSimpleName();
    }
}
