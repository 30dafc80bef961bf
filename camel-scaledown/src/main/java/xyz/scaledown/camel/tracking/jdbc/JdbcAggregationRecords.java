package xyz.scaledown.camel.tracking.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.JdbcTrackerException;
import xyz.scaledown.camel.aggregation.AggregationStore;
import xyz.scaledown.camel.aggregation.BatchTakenOverException;
import xyz.scaledown.camel.aggregation.StoredGroup;
import xyz.scaledown.camel.aggregation.StoredItem;
import xyz.scaledown.camel.tracking.SubmitIntents;

/**
 * The aggregation repository's view on the JDBC tracker's records ({@code schema.sql}): an open batch is a
 * {@code scaledown_batch} row in state {@code open}, its items {@code scaledown_item} rows with their custom_id,
 * request line and correlations (the headers plus the item's model, as the results side restores them), each written
 * once, at the add. Completing flips the state; submit takes the row over in place ({@link JdbcBatchTracker#adopt});
 * Camel's confirm deletes a row still open or completed, and only detaches the exchange from one submit took.
 * <p>
 * Each row names its node ({@code owner}, the tracker's node token) and the node's lease on it ({@code owner_until}),
 * renewed for all of its rows in one statement every third of the lease. An add is one self-committing insert (one
 * round trip) of item rows whose foreign key to the batch row is the owner check: a take-over moves an open batch to a
 * new {@code batch_key} ({@link TrackerDialect#movedKey}), so the adds of the node it was taken from fail, and it waits
 * for the adds in flight. The rows of a node whose lease ran out (killed) or that released it (stopped) are taken over
 * one by one with an update conditional on the old owner, so exactly one live node takes each.
 */
final class JdbcAggregationRecords implements AggregationStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAggregationRecords.class);
    private static final int FETCH_SIZE = 1000;
    /** Rows per insert statement: one exchange's items usually fit in one. */
    private static final int INSERT_ROWS = 100;
    /** The foreign key failed: PostgreSQL's and H2's SQL states. */
    private static final Set<String> PARENT_MISSING = Set.of("23503", "23506");
    private static final String ITEM_COLUMNS = "INSERT INTO scaledown_item (batch_key, item_index, custom_id,"
                                               + " request_line, correlations) VALUES ";
    private static final String GONE = "owner <> ? AND (owner_until IS NULL OR owner_until <= CURRENT_TIMESTAMP)";
    private static final String BATCH_OF = "(SELECT batch_key FROM scaledown_batch WHERE exchange_id = ?)";
    private static final String GROUP_COLUMNS = "b.batch_key, b.exchange_id, b.correlation_key, b.envelope,"
            + " b.submit_key, (SELECT COUNT(*) FROM scaledown_item i WHERE i.batch_key = b.batch_key),"
            + " (SELECT COALESCE(SUM(OCTET_LENGTH(i.request_line) + 1), 0) FROM scaledown_item i"
            + " WHERE i.batch_key = b.batch_key) FROM scaledown_batch b";

    private final JdbcBatchTracker tracker;
    private final DataSource dataSource;
    private final TrackerDialect dialect;
    private final String owner;
    private final long leaseMillis;
    /** Exchange id to batch_key of the open batches this view added to: the add needs no look-up. */
    private final Map<String, Long> openKeys = new ConcurrentHashMap<>();
    private final Map<Integer, String> insertSql = new ConcurrentHashMap<>();
    /**
     * The add's connections: on PostgreSQL without the driver's per-statement timer, {@link #watchdog} timing the add
     * out instead; null watchdog elsewhere.
     */
    private final DataSource addSource;
    private final StatementWatchdog watchdog;
    private ScheduledExecutorService renewals;
    /** The started repositories of this node on this store: they share its token; the last one releases its lease. */
    private int users;

    JdbcAggregationRecords(JdbcBatchTracker tracker, DataSource dataSource, TrackerDialect dialect, String owner,
            long leaseMillis) {
        this.tracker = tracker;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.owner = owner;
        this.leaseMillis = leaseMillis;
        long timeoutMillis = QueryTimeoutDataSource.timeoutSeconds(dataSource) * 1000L;
        boolean watched = dialect == TrackerDialect.POSTGRESQL && timeoutMillis > 0;
        this.addSource = watched ? QueryTimeoutDataSource.untimed(dataSource) : dataSource;
        this.watchdog = watched ? new StatementWatchdog(timeoutMillis) : null;
    }

    @Override
    public SubmitIntents intents() {
        return tracker;
    }

    @Override
    public synchronized void start() {
        if (users++ > 0) {
            return; // another repository of this node on the same store renews the lease already
        }
        renewLease();
        // two threads: a renewal waiting on the database does not hold the watchdog's ticks up
        renewals = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ScaleDownAggregationLease");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, leaseMillis / 3);
        renewals.scheduleWithFixedDelay(this::renewOnSchedule, every, every, TimeUnit.MILLISECONDS);
        if (watchdog != null) {
            watchdog.start(renewals);
        }
        LOG.info("ScaleDown JDBC aggregation: node {}, lease of {} ms on its batches", owner, leaseMillis);
    }

    /** Extends this node's lease on every batch it holds for an exchange, in one statement. */
    private void renewLease() {
        tracker.update("renew the lease of node " + owner + " on", "(all)", "UPDATE scaledown_batch SET owner_until = "
                + dialect.leaseUntil() + " WHERE owner = ? AND exchange_id IS NOT NULL", leaseMillis, owner);
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
    public synchronized void stop() {
        if (users == 0 || --users > 0) {
            return; // the node's other repositories still aggregate: its lease stays
        }
        renewals.shutdownNow();
        renewals = null;
        openKeys.clear();
        try {
            tracker.update("release the lease of node " + owner + " on", "(all)", "UPDATE scaledown_batch SET"
                    + " owner_until = NULL WHERE owner = ? AND exchange_id IS NOT NULL", owner);
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not release its ScaleDown aggregation lease; its batches are taken over once it"
                     + " runs out, within {} ms: {}", owner, leaseMillis, e.getMessage());
        }
    }

    /**
     * Resumes the open batches of nodes gone (one per correlation key; any other is completed by the recovery scan)
     * and returns this node's open batches.
     */
    @Override
    public List<StoredGroup> openGroups() {
        Set<String> keys = new HashSet<>();
        for (Object[] gone : batchesOfNodesGone("state = 'open'")) {
            if (!keys.contains((String) gone[2]) && takeOver((Long) gone[0], (String) gone[1], false)) {
                keys.add((String) gone[2]);
            }
        }
        return tracker.query("cannot read the open batches", "SELECT " + GROUP_COLUMNS
                + " WHERE b.state = 'open' AND b.owner = ?", Sql.list(this::group), owner);
    }

    private StoredGroup group(ResultSet rows) throws SQLException {
        String exchangeId = rows.getString(2);
        openKeys.put(exchangeId, rows.getLong(1));
        return new StoredGroup(exchangeId, rows.getString(3), rows.getBytes(4), rows.getInt(6), rows.getLong(7),
                rows.getString(5));
    }

    /** Batch key, owner and correlation key of the batches of nodes gone that still have an exchange. */
    private List<Object[]> batchesOfNodesGone(String condition) {
        return tracker.query("cannot look for batches of nodes gone", "SELECT batch_key, owner, correlation_key,"
                + " state FROM scaledown_batch WHERE " + condition + " AND exchange_id IS NOT NULL AND " + GONE,
                Sql.list(rows -> new Object[] { rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getString(4) }), owner);
    }

    /**
     * Makes this node the owner of a batch of a node gone, if it is still that node's: one conditional update, so one
     * node takes it whatever the others do. An open batch moves to a new key (its items follow, ON UPDATE CASCADE), so
     * the adds of the node gone fail; {@code complete}: it is completed on the way.
     */
    private boolean takeOver(long batchKey, String previousOwner, boolean complete) {
        boolean taken = tracker.update("take over", String.valueOf(batchKey), "UPDATE scaledown_batch SET owner = ?,"
                + " owner_until = " + dialect.leaseUntil() + ", batch_key = CASE state WHEN 'open' THEN "
                + dialect.movedKey() + " ELSE batch_key END"
                + (complete ? ", state = CASE state WHEN 'open' THEN 'completed' ELSE state END" : "")
                + " WHERE batch_key = ? AND owner = ? AND " + GONE, owner, leaseMillis, batchKey, previousOwner,
                owner) == 1;
        if (taken) {
            LOG.info("Node {} took over ScaleDown batch {} of node {}, whose lease ran out or was released{}", owner,
                    batchKey, previousOwner, complete ? "" : ": it goes on aggregating here");
        }
        return taken;
    }

    @Override
    public void forEachCustomId(String exchangeId, IdVisitor visitor) {
        stream("custom ids", "custom_id", "", exchangeId, rows -> visitor.visit(rows.getString(1)));
    }

    /** The batch's row and its first items, in one transaction. */
    @Override
    public void create(StoredGroup group, List<StoredItem> firstItems) {
        tracker.inTransaction("cannot store a new batch", connection -> {
            Instant now = Instant.now();
            long batchKey = Sql.insertRow(connection, "INSERT INTO scaledown_batch (state, state_at, total_count,"
                    + " submitted_at, exchange_id, correlation_key, envelope, owner, owner_until)"
                    + " VALUES ('open', ?, 0, ?, ?, ?, ?, ?, " + dialect.leaseUntil() + ")", now, now,
                    group.exchangeId(), group.key(), group.envelope(), owner, leaseMillis);
            insertItems(connection, batchKey, 0, firstItems);
            openKeys.put(group.exchangeId(), batchKey);
        });
    }

    /** One self-committing insert (per {@value #INSERT_ROWS} items); it fails once another node took the batch. */
    @Override
    public void append(String exchangeId, int firstPosition, List<StoredItem> items) {
        Long batchKey = openKeys.get(exchangeId);
        if (batchKey == null) {
            throw new BatchTakenOverException(exchangeId, "add to");
        }
        try {
            if (items.size() <= INSERT_ROWS) {
                Sql.update(addSource, watchdog, insertSql(items.size()), itemValues(batchKey, firstPosition, items));
            } else {
                Sql.inTransaction(dataSource, connection -> insertItems(connection, batchKey, firstPosition, items));
            }
        } catch (SQLException e) {
            if (PARENT_MISSING.contains(e.getSQLState())) {
                openKeys.remove(exchangeId);
                throw new BatchTakenOverException(exchangeId, "add to");
            }
            throw new JdbcTrackerException("cannot add " + items.size() + " item(s) to batch " + exchangeId, e);
        }
    }

    private void insertItems(Connection connection, long batchKey, int firstPosition, List<StoredItem> items)
            throws SQLException {
        for (int from = 0; from < items.size(); from += INSERT_ROWS) {
            List<StoredItem> rows = items.subList(from, Math.min(items.size(), from + INSERT_ROWS));
            Sql.execute(connection, insertSql(rows.size()), itemValues(batchKey, firstPosition + from, rows));
        }
    }

    private String insertSql(int rows) {
        return insertSql.computeIfAbsent(rows, n -> ITEM_COLUMNS + String.join(", ",
                Collections.nCopies(n, "(?, ?, ?, ?, ?)")));
    }

    private Object[] itemValues(long batchKey, int firstPosition, List<StoredItem> items) {
        Object[] values = new Object[items.size() * 5];
        int v = 0;
        for (StoredItem item : items) {
            values[v++] = batchKey;
            values[v++] = firstPosition++;
            values[v++] = item.customId();
            values[v++] = requestLine(item.requestLine());
            values[v++] = item.trackedCorrelationJson();
        }
        return values;
    }

    /** The request line as the tracker keeps it: without its newline. */
    private static String requestLine(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean containsCustomId(String exchangeId, String customId) {
        return tracker.query("cannot look up a custom id in batch " + exchangeId, "SELECT 1 FROM scaledown_item"
                + " WHERE batch_key = " + BATCH_OF + " AND custom_id = ?", ResultSet::next, exchangeId, customId);
    }

    @Override
    public void complete(String exchangeId, byte[] envelope) {
        Long batchKey = openKeys.remove(exchangeId);
        if (batchKey == null || tracker.update("complete", exchangeId, "UPDATE scaledown_batch SET"
                + " state = 'completed', state_at = ?, envelope = ? WHERE batch_key = ? AND owner = ?"
                + " AND state = 'open'", Instant.now(), envelope, batchKey, owner) != 1) {
            throw new BatchTakenOverException(exchangeId, "complete");
        }
    }

    /**
     * Camel confirmed the exchange: a batch still open or completed goes with its items; one submit took is detached
     * from it (its record lives on). Only while this node owns it: a batch another node took over is that node's.
     */
    @Override
    public void delete(String exchangeId) {
        openKeys.remove(exchangeId);
        boolean[] done = new boolean[1];
        tracker.inTransaction("cannot confirm batch " + exchangeId, connection -> done[0] = Sql.execute(connection,
                "DELETE FROM scaledown_batch WHERE exchange_id = ? AND owner = ? AND state IN ('open', 'completed')",
                exchangeId, owner) == 1 || Sql.execute(connection, "UPDATE scaledown_batch SET exchange_id = NULL,"
                + " correlation_key = NULL, envelope = NULL, owner_until = NULL WHERE exchange_id = ? AND owner = ?",
                exchangeId, owner) == 1);
        if (!done[0]) {
            LOG.warn("Node {} did not confirm ScaleDown batch {}: another node took it over after this node's lease ran"
                     + " out (or it is gone), and confirms it itself", owner, exchangeId);
        }
    }

    /**
     * This node's completed (or submitted) batches still attached to an exchange, after taking over those of nodes
     * gone (their open batches completed on the way).
     */
    @Override
    public Set<String> completedIds() {
        for (Object[] gone : batchesOfNodesGone("1 = 1")) {
            takeOver((Long) gone[0], (String) gone[1], true);
        }
        return new LinkedHashSet<>(tracker.query("cannot scan for completed batches", "SELECT exchange_id FROM"
                + " scaledown_batch WHERE owner = ? AND exchange_id IS NOT NULL AND state <> 'open'",
                Sql.list(rows -> rows.getString(1)), owner));
    }

    @Override
    public StoredGroup completed(String exchangeId) {
        return tracker.query("cannot read batch " + exchangeId, "SELECT " + GROUP_COLUMNS
                + " WHERE b.exchange_id = ? AND b.owner = ? AND b.state <> 'open'",
                rows -> rows.next() ? group(rows) : null, exchangeId, owner);
    }

    @Override
    public void forEachLine(String exchangeId, LineVisitor visitor) throws IOException {
        try {
            stream("items", "request_line", "", exchangeId,
                    rows -> visitor.visit((rows.getString(1) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the visitor's own failure (the HTTP body's connection, say), as it was
        }
    }

    @Override
    public void forEachCorrelation(String exchangeId, CorrelationVisitor visitor) {
        stream("correlations", "custom_id, correlations", " AND correlations IS NOT NULL", exchangeId,
                rows -> visitor.visit(rows.getString(1), rows.getString(2)));
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(ResultSet row) throws SQLException, IOException;
    }

    /** Streams the batch's items' {@code columns} in order; in a transaction, so PostgreSQL uses a cursor. */
    private void stream(String what, String columns, String and, String exchangeId, RowVisitor visitor) {
        tracker.inTransaction("cannot read the " + what + " of batch " + exchangeId, connection -> {
            try (PreparedStatement select = Sql.prepare(connection, "SELECT " + columns + " FROM scaledown_item"
                    + " WHERE batch_key = " + BATCH_OF + and + " ORDER BY item_index", exchangeId)) {
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(rows);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public String toString() {
        return "jdbc:" + dataSource.getClass().getSimpleName();
    }
}
