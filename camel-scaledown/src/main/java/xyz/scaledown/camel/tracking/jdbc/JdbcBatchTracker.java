package xyz.scaledown.camel.tracking.jdbc;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.JdbcTrackerException;
import xyz.scaledown.camel.aggregation.AggregationStore;
import xyz.scaledown.camel.aggregation.BatchTakenOverException;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.tracking.BatchItems;
import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.BatchState;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.ClaimedBatch;
import xyz.scaledown.camel.tracking.StoredBatchBody;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedBatch;
import xyz.scaledown.camel.tracking.TrackedItems;
import xyz.scaledown.camel.tracking.TrackerSummary;
import xyz.scaledown.camel.tracking.TrackingJson;

/**
 * The batch store in a database (PostgreSQL or H2, tables in {@code schema.sql}) that any number of nodes share: every
 * node sees every batch at its next poll, and a row lease ({@link #lease}) lets one node at a time emit a batch. A
 * node that dies leaves its lease to run out; the next node resumes the batch from its per-item delivery flags.
 * <p>
 * A Camel service: the constructor touches nothing; {@link #start()} finds the dialect and creates or checks the
 * tables.
 */
public class JdbcBatchTracker extends ServiceSupport implements BatchTracker, SubmitIntents {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchTracker.class);
    /** Room left in {@code lease_owner} (200) for the JVM name beside the token. */
    private static final int NODE_NAME_CHARS = 160;
    private static final int INSERT_CHUNK = 1000;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String BATCH_KEY_OF = "(SELECT batch_key FROM scaledown_batch WHERE batch_id = ?)";

    private static final String SELECT_RECORD = "SELECT batch_key, state, state_at, fingerprint, total_count, batch_id,"
                                                + " last_status FROM scaledown_batch WHERE submit_key = ?";
    private static final String INSERT_ITEM = "INSERT INTO scaledown_item (batch_key, item_index, custom_id,"
                                              + " correlations, request_line) VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_PENDING = "SELECT " + TrackerDialect.BATCH_COLUMNS + " FROM scaledown_batch"
                                                 + " WHERE state = 'submitted' ORDER BY submitted_at, batch_key";
    /** The mark and the lease check in one statement: nothing is marked once another node holds the batch. */
    static final String MARK_DELIVERED_HELD = "UPDATE scaledown_item SET delivered = TRUE WHERE batch_key ="
                                              + " (SELECT batch_key FROM scaledown_batch WHERE batch_id = ?"
                                              + " AND lease_owner = ?) AND item_index = ?";

    private final DataSource dataSource;
    /** The DataSource as given: the key a route's transaction manager binds its connection under. */
    private final DataSource routeDataSource;
    private final DatabaseClock clock;
    private final boolean createTables;
    private final long leaseDurationMillis;
    private volatile TrackerDialect dialect;
    /** Replaced at each consumer start: a token is never shared by two starts, processes or containers. */
    private volatile BatchLeases leases;
    /** This node's token while this store is open: the owner of the batches it aggregates, and its first leases. */
    private final String nodeToken = newOwnerToken();
    private JdbcAggregationRecords aggregationRecords;
    private final Map<String, Map<String, Map<String, Object>>> openCorrelations = new ConcurrentHashMap<>();

    /** With a query timeout of 30 s on every statement. */
    public JdbcBatchTracker(DataSource dataSource, boolean createTables, long leaseDurationMillis) {
        this(dataSource, createTables, leaseDurationMillis, 30_000);
    }

    /**
     * @param createTables         create the tables when they are missing (else only check they exist)
     * @param leaseDurationMillis  how long a node's lease on a batch lasts without being renewed
     * @param queryTimeoutMillis   how long any one statement may run before the driver cancels it (0: no limit)
     */
    public JdbcBatchTracker(DataSource dataSource, boolean createTables, long leaseDurationMillis,
            long queryTimeoutMillis) {
        this.routeDataSource = Objects.requireNonNull(dataSource, "trackerDataSource");
        this.dataSource = QueryTimeoutDataSource.of(routeDataSource, queryTimeoutMillis);
        this.clock = new DatabaseClock(this.dataSource);
        this.createTables = createTables;
        this.leaseDurationMillis = leaseDurationMillis;
    }

    @Override
    protected void doStart() {
        try (Connection connection = dataSource.getConnection()) {
            this.dialect = TrackerDialect.of(connection);
            TrackerSchema.prepare(connection, dialect, createTables);
            this.leases = new BatchLeases(dataSource, dialect, nodeToken, leaseDurationMillis);
            LOG.info("ScaleDown JDBC tracker on {} {}: node {}, batch leases of {} ms",
                    connection.getMetaData().getDatabaseProductName(),
                    connection.getMetaData().getDatabaseProductVersion(), leases.owner(), leaseDurationMillis);
        } catch (SQLException e) {
            throw new JdbcTrackerException("trackerDataSource: cannot open the ScaleDown tracker tables", e);
        }
    }

    /** The JVM's name (pid@host, for an operator) and a random UUID (the fence: unique whatever the pid and host). */
    private static String newOwnerToken() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        return (jvm.length() > NODE_NAME_CHARS ? jvm.substring(0, NODE_NAME_CHARS) : jvm) + "/" + UUID.randomUUID();
    }

    /** A consumer starts reading: its leases carry a token of their own, unlike any earlier start's. */
    @Override
    public void openForResults() {
        leases = new BatchLeases(dataSource, dialect, newOwnerToken(), leaseDurationMillis);
        LOG.debug("ScaleDown JDBC tracker: this consumer start's leases are owned by {}", leases.owner());
    }

    @Override
    protected void doStop() {
        openCorrelations.clear();
    }

    /** How long this node's lease on a batch lasts without being renewed, in milliseconds. */
    public long getLeaseDuration() {
        return leaseDurationMillis;
    }

    /** The token this node's leases carry now (JVM name and a UUID): what an operator sees in {@code lease_owner}. */
    public String getNodeName() {
        return leases.owner();
    }

    /** The database's clock: the nodes' clocks may differ, the leases and next polls are on this one. */
    @Override
    public Instant now() {
        return clock.now();
    }

    // ------------------------------------------------------------------ submit side

    @Override
    public SubmitIntents submitIntents() {
        return this;
    }

    @Override
    public void record(SubmitIntent intent, List<String> customIds, List<String> requestLines) {
        inTransaction(notRecorded(intent), connection -> {
            replaceUntracked(connection, intent.key());
            long batchKey = Sql.insertRow(connection, "INSERT INTO scaledown_batch (submit_key, state, state_at,"
                    + " fingerprint, total_count, submitted_at) VALUES (?, 'posting', ?, ?, ?, ?)", intent.key(),
                    intent.recordedAt(), intent.fingerprint(), intent.itemCount(), intent.recordedAt());
            executeBatch(connection, INSERT_ITEM, customIds.size(), i -> new Object[] { batchKey, i, customIds.get(i),
                    null, requestLines == null ? null : requestLines.get(i) });
        });
    }

    private static String notRecorded(SubmitIntent intent) {
        return "cannot record the submit intent of submit key " + intent.key() + " (nothing was sent)";
    }

    /**
     * An earlier record under the key that is not tracked is replaced; one still attached to an exchange only loses
     * the key.
     */
    private static void replaceUntracked(Connection connection, String key) throws SQLException {
        Sql.execute(connection, "UPDATE scaledown_batch SET submit_key = NULL WHERE submit_key = ?"
                                + " AND state <> 'submitted' AND exchange_id IS NOT NULL", key);
        Sql.execute(connection, "DELETE FROM scaledown_batch WHERE submit_key = ? AND state <> 'submitted'", key);
    }

    /**
     * The completed aggregation record the body reads becomes the intent in place (or one whose POST was uncertain,
     * sent again with resubmitUncertain): its items stay as the add wrote them.
     */
    @Override
    public boolean adopt(SubmitIntent intent, BatchBody body) {
        if (!(body instanceof StoredBatchBody stored) || stored.store() != this) {
            return false;
        }
        boolean[] adopted = new boolean[1];
        inTransaction(notRecorded(intent), connection -> {
            replaceUntracked(connection, intent.key());
            adopted[0] = Sql.execute(connection, "UPDATE scaledown_batch SET state = 'posting', submit_key = ?,"
                    + " state_at = ?, submitted_at = ?, total_count = ? WHERE exchange_id = ? AND owner = ?"
                    + " AND state IN ('completed', 'posting')", intent.key(), intent.recordedAt(), intent.recordedAt(),
                    intent.itemCount(), stored.recordKey(), nodeToken) == 1;
        });
        if (!adopted[0]) {
            throw new BatchTakenOverException(stored.recordKey(), "submit");
        }
        return true;
    }

    /**
     * The aggregation repositories' view on this store's records, owned by this node's token: one for all of them, so
     * they share the token and its lease.
     */
    public synchronized AggregationStore aggregationRecords() {
        if (aggregationRecords == null) {
            aggregationRecords = new JdbcAggregationRecords(this, dataSource, dialect, nodeToken, leaseDurationMillis);
        }
        return aggregationRecords;
    }

    @Override
    public Optional<SubmitIntent> find(String key) {
        return query("cannot read the submit intent of submit key " + key, SELECT_RECORD, rows -> {
            if (!rows.next()) {
                return Optional.<SubmitIntent> empty();
            }
            String batchId = rows.getString("batch_id");
            BatchSubmission submission = batchId == null ? null
                    : new BatchSubmission(batchId, rows.getString("last_status"), rows.getInt("total_count"));
            return Optional.of(new SubmitIntent(key, rows.getString("fingerprint"), rows.getInt("total_count"),
                    Sql.instant(rows, "state_at"), submission, BatchState.ofStored(rows.getString("state"))));
        }, key);
    }

    @Override
    public List<String> customIds(String key) {
        return query("cannot read the custom ids of submit intent " + key, "SELECT i.custom_id FROM scaledown_item i"
                + " JOIN scaledown_batch b ON b.batch_key = i.batch_key WHERE b.submit_key = ? ORDER BY i.item_index",
                Sql.list(rows -> rows.getString(1)), key);
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        update("record the answer of submit key " + key + " for", submission.batchId(), "UPDATE scaledown_batch SET"
                + " state = 'answered', state_at = ?, fingerprint = ?, batch_id = ?, last_status = ?"
                + " WHERE submit_key = ? AND state = 'posting'", Instant.now(), fingerprint, submission.batchId(),
                submission.status(), key);
    }

    @Override
    public void recordTracked(String key) {
        inTransaction("cannot close the record of submit key " + key, connection -> {
            Long answered = Sql.query(connection, SELECT_RECORD, row -> row.next()
                    && "answered".equals(row.getString("state")) ? row.getLong("batch_key") : null, key);
            if (answered != null) {
                keyOnly(connection, answered);
            }
        });
    }

    /** The record keeps its key and batch id, as {@code delivered}; its items go. */
    private static void keyOnly(Connection connection, long batchKey) throws SQLException {
        Sql.execute(connection, "UPDATE scaledown_batch SET state = 'delivered', state_at = ?, lease_owner = NULL,"
                                + " lease_until = NULL WHERE batch_key = ?", Instant.now(), batchKey);
        Sql.execute(connection, "DELETE FROM scaledown_item WHERE batch_key = ?", batchKey);
    }

    /**
     * An aggregation record whose POST created nothing is completed again, for its exchange to be sent again; any
     * other intent goes.
     */
    @Override
    public void forget(String key) {
        update("forget the intent of submit key " + key + " for", key, "UPDATE scaledown_batch SET state = 'completed',"
                + " submit_key = NULL WHERE submit_key = ? AND state = 'posting' AND exchange_id IS NOT NULL", key);
        update("forget the intent of submit key " + key + " for", key, "DELETE FROM scaledown_batch"
                + " WHERE submit_key = ? AND state = 'posting'", key);
    }

    @Override
    public void purge(Instant cutoff) {
        update("purge the submit keys recorded before " + cutoff + " for", "", "DELETE FROM scaledown_batch"
                + " WHERE state IN ('posting', 'answered', 'delivered') AND exchange_id IS NULL AND state_at < ?",
                cutoff);
    }

    // ------------------------------------------------------------------ tracking

    @Override
    public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
        track(null, batch, customIds, correlations);
    }

    /**
     * The key's record becomes the tracked batch in one transaction: its row's batch fields and state, and the
     * correlations on the item rows the intent wrote.
     */
    @Override
    public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        try {
            track(submitKey, batch, customIds, correlations);
        } catch (IllegalStateException sameBatchId) {
            recordTracked(submitKey); // the batch id is tracked under another record, with its items
        }
    }

    /** Tracks the batch as the record of {@code submitKey} (in place when there is one), or as a new record. */
    private void track(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        List<String> ids = TrackedItems.checked(batch, customIds);
        Map<String, Map<String, Object>> stored = TrackedItems.storedCorrelations(correlations, TrackingJson::storable);
        try {
            Sql.inTransaction(dataSource, connection -> {
                Long batchKey = submitKey == null ? null
                        : Sql.query(connection, SELECT_RECORD, row -> row.next() ? row.getLong("batch_key") : null,
                                submitKey);
                if (batchKey == null) {
                    insertTracked(connection, submitKey, batch, ids, stored);
                } else if (Sql.execute(connection, "UPDATE scaledown_batch SET state = 'submitted', state_at = ?,"
                        + " batch_id = ?, total_count = ?, submitted_at = ?, last_status = ?, poll_failures = ?,"
                        + " next_poll_at = ?, delivered_lines = ? WHERE batch_key = ?"
                        + " AND state IN ('posting', 'answered')", Instant.now(), batch.batchId(), batch.totalCount(),
                        batch.submittedAt(), batch.lastStatus(), batch.pollFailures(), batch.nextPollAt(),
                        batch.deliveredLines(), batchKey) == 1) { // none: tracked (or delivered) by an earlier attempt
                    executeBatch(connection, "UPDATE scaledown_item SET correlations = ? WHERE batch_key = ?"
                            + " AND item_index = ?", ids.size(), i -> stored.containsKey(ids.get(i))
                            ? new Object[] { TrackingJson.json(stored.get(ids.get(i))), batchKey, i } : null);
                }
            });
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked", e);
            }
            throw new JdbcTrackerException("cannot track batch '" + batch.batchId() + "'", e);
        }
    }

    private static void insertTracked(Connection connection, String submitKey, TrackedBatch batch, List<String> ids,
            Map<String, Map<String, Object>> correlations) throws SQLException {
        long batchKey = Sql.insertRow(connection, "INSERT INTO scaledown_batch (submit_key, state, state_at, batch_id,"
                + " total_count, submitted_at, last_status, poll_failures, next_poll_at, delivered_lines)"
                + " VALUES (?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?)", submitKey, Instant.now(), batch.batchId(),
                batch.totalCount(), batch.submittedAt(), batch.lastStatus(), batch.pollFailures(), batch.nextPollAt(),
                batch.deliveredLines());
        executeBatch(connection, INSERT_ITEM, ids.size(), i -> new Object[] { batchKey, i, ids.get(i),
                TrackingJson.json(correlations.get(ids.get(i))), null });
    }

    /** Runs {@code sql} for each of {@code count} rows of parameters (a null row is left out), in chunks. */
    private static void executeBatch(Connection connection, String sql, int count, IntFunction<Object[]> row)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int pending = 0;
            for (int i = 0; i < count; i++) {
                Object[] parameters = row.apply(i);
                if (parameters != null) {
                    Sql.bindAll(statement, parameters).addBatch();
                    if (++pending % INSERT_CHUNK == 0) {
                        statement.executeBatch();
                    }
                }
            }
            statement.executeBatch();
        }
    }

    // ------------------------------------------------------------------ results side

    @Override
    public List<TrackedBatch> pending() {
        return query("cannot list the tracked batches", SELECT_PENDING, Sql.list(JdbcBatchTracker::batchOf));
    }

    @Override
    public List<TrackedBatch> pendingPage(int limit) {
        return query("cannot list the tracked batches", SELECT_PENDING + " LIMIT ?",
                Sql.list(JdbcBatchTracker::batchOf), limit);
    }

    /** One row of {@link TrackerDialect#BATCH_COLUMNS}. */
    static TrackedBatch batchOf(ResultSet rows) throws SQLException {
        return new TrackedBatch(rows.getString("batch_id"), rows.getInt("total_count"),
                Sql.instant(rows, "submitted_at"), rows.getString("last_status"), rows.getInt("poll_failures"),
                Sql.instant(rows, "next_poll_at"), rows.getLong("delivered_lines"));
    }

    /** Every aggregate of the operational views in one statement, whatever the number of batches. */
    @Override
    public TrackerSummary summary() {
        return query("cannot sum up the tracked batches", "SELECT"
                + " (SELECT COUNT(*) FROM scaledown_batch WHERE state = 'submitted') AS batches,"
                + " (SELECT MIN(submitted_at) FROM scaledown_batch WHERE state = 'submitted') AS oldest,"
                + " (SELECT COALESCE(SUM(total_count), 0) FROM scaledown_batch WHERE state = 'submitted'"
                + " AND total_count >= 0) AS submitted,"
                + " (SELECT COUNT(*) FROM scaledown_item i JOIN scaledown_batch b ON b.batch_key = i.batch_key"
                + " WHERE b.state = 'submitted' AND i.delivered) AS delivered_items,"
                + " (SELECT COALESCE(SUM(delivered_lines), 0) FROM scaledown_batch WHERE state = 'submitted'"
                + " AND total_count < 0) AS delivered_lines", rows -> {
                    if (!rows.next()) {
                        return TrackerSummary.EMPTY;
                    }
                    long submitted = rows.getLong("submitted");
                    long deliveredItems = rows.getLong("delivered_items");
                    return new TrackerSummary(rows.getLong("batches"), Sql.instant(rows, "oldest"), submitted,
                            deliveredItems + rows.getLong("delivered_lines"), Math.max(0, submitted - deliveredItems));
                });
    }

    /**
     * One statement ({@link TrackerDialect#claimDueSql()}) whatever the number of batches: the due ones nobody holds
     * are leased and returned. A batch this node already holds is not due for another poll, so {@code busy} needs no
     * look-up here.
     */
    @Override
    public List<ClaimedBatch> claimDue(int limit, Predicate<String> busy) {
        BatchLeases current = leases;
        return current.claimDue(limit).stream()
                .sorted(Comparator.comparing(TrackedBatch::nextPollAt,
                        Comparator.nullsFirst(Comparator.<Instant> naturalOrder()))
                        .thenComparing(TrackedBatch::submittedAt))
                .map(batch -> new ClaimedBatch(batch, current.leaseOf(batch.batchId())))
                .toList();
    }

    @Override
    public Optional<BatchLease> lease(String batchId) {
        return leases.claim(batchId) ? Optional.of(leases.leaseOf(batchId)) : Optional.empty();
    }

    @Override
    public Optional<String> leaseHolder(String batchId) {
        return leases.holder(batchId);
    }

    @Override
    public BatchItems items(String batchId) {
        return query("cannot read the items of batch '" + batchId + "'", "SELECT custom_id, delivered"
                + " FROM scaledown_item WHERE batch_key = " + BATCH_KEY_OF + " ORDER BY item_index", rows -> {
                    List<String> ids = new ArrayList<>();
                    BitSet delivered = new BitSet();
                    while (rows.next()) {
                        if (rows.getBoolean(2)) {
                            delivered.set(ids.size());
                        }
                        ids.add(rows.getString(1));
                    }
                    return ids.isEmpty() ? BatchItems.none() : new BatchItems(ids, delivered);
                }, batchId);
    }

    @Override
    public long deliveredCount(TrackedBatch batch) {
        if (!batch.hasSubmittedItems()) {
            return batch.deliveredLines();
        }
        return query("cannot count the delivered items of batch '" + batch.batchId() + "'", "SELECT COUNT(*)"
                + " FROM scaledown_item WHERE batch_key = " + BATCH_KEY_OF + " AND delivered",
                rows -> rows.next() ? rows.getLong(1) : 0L, batch.batchId());
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        if (itemIndex >= 0 && update("mark item " + itemIndex + " delivered in", batchId, "UPDATE scaledown_item"
                + " SET delivered = TRUE WHERE batch_key = " + BATCH_KEY_OF + " AND item_index = ?", batchId,
                itemIndex) == 1) {
            return;
        }
        // not marked: an index outside the batch is refused, a batch no longer tracked is ignored
        Integer total = query("cannot read the item count of batch '" + batchId + "'", "SELECT total_count"
                + " FROM scaledown_batch WHERE batch_id = ?", rows -> rows.next() ? rows.getInt(1) : null, batchId);
        if (total != null) {
            TrackedItems.checkIndex(batchId, itemIndex, Math.max(total, 0));
        }
    }

    @Override
    public boolean markDelivered(BatchLease lease, String batchId, int itemIndex) {
        return fenced(lease, () -> update("mark item " + itemIndex + " delivered in", batchId, MARK_DELIVERED_HELD,
                batchId, ownerOf(lease), itemIndex) == 1);
    }

    /**
     * The delivered mark of an item, for a route's own transaction on {@code trackerDataSource} to write; empty under
     * a lease this tracker did not give.
     */
    public Optional<RouteTransactionMark> routeTransactionMark(BatchLease lease, String batchId, int itemIndex) {
        return lease instanceof BatchLeases.Lease held
                ? Optional.of(new RouteTransactionMark(routeDataSource, dataSource, held, batchId, itemIndex))
                : Optional.empty();
    }

    @Override
    public void recordDeliveredLines(String batchId, long deliveredLines) {
        update("record the delivered lines of", batchId, "UPDATE scaledown_batch SET delivered_lines = ?"
                + " WHERE batch_id = ? AND delivered_lines < ?", deliveredLines, batchId, deliveredLines);
    }

    @Override
    public boolean recordDeliveredLines(BatchLease lease, String batchId, long deliveredLines) {
        return fenced(lease, () -> update("record the delivered lines of", batchId, "UPDATE scaledown_batch SET"
                + " delivered_lines = GREATEST(delivered_lines, ?) WHERE batch_id = ? AND lease_owner = ?",
                deliveredLines, batchId, ownerOf(lease)) == 1);
    }

    @Override
    public void complete(String batchId) {
        completed(batchId, null);
    }

    @Override
    public boolean complete(BatchLease lease, String batchId) {
        return fenced(lease, () -> completed(batchId, ownerOf(lease)));
    }

    /**
     * The tracked batch's record is deleted (its items with it, ON DELETE CASCADE), or, under a submit key, kept as the
     * key only; false when the batch is not tracked, or {@code owner} (when given) does not hold its lease.
     */
    private boolean completed(String batchId, String owner) {
        openCorrelations.remove(batchId);
        boolean[] done = new boolean[1];
        inTransaction("cannot remove batch '" + batchId + "'", connection -> {
            Tracked row = Sql.query(connection, "SELECT batch_key, submit_key FROM scaledown_batch WHERE batch_id = ?"
                    + " AND state = 'submitted' AND (CAST(? AS VARCHAR) IS NULL OR lease_owner = ?)",
                    rows -> rows.next() ? new Tracked(rows.getLong(1), rows.getString(2) != null) : null,
                    batchId, owner, owner);
            if (row == null) {
                return;
            }
            if (row.keyed()) {
                keyOnly(connection, row.batchKey());
            } else {
                Sql.execute(connection, "DELETE FROM scaledown_batch WHERE batch_key = ?", row.batchKey());
            }
            done[0] = true;
        });
        return done[0];
    }

    private record Tracked(long batchKey, boolean keyed) {
    }

    /**
     * Runs a write conditional on the lease's token: when it changes nothing another node holds the batch now (or it
     * is gone), and the lease is lost.
     */
    private static boolean fenced(BatchLease lease, BooleanSupplier write) {
        if (!lease.isHeld()) {
            return false;
        }
        if (write.getAsBoolean()) {
            return true;
        }
        lease.lost();
        return false;
    }

    private String ownerOf(BatchLease lease) {
        return lease instanceof BatchLeases.Lease held ? held.owner() : leases.owner();
    }

    @Override
    public void markStatus(String batchId, String status) {
        update("record the status of", batchId, "UPDATE scaledown_batch SET last_status = ? WHERE batch_id = ?",
                status, batchId);
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        if (nextPollAt == null) {
            update("record the poll failures of", batchId, "UPDATE scaledown_batch SET poll_failures = ?,"
                    + " next_poll_at = NULL WHERE batch_id = ?", pollFailures, batchId);
            return;
        }
        // kept on the database's clock, which the claim of due batches compares it with: the nodes' clocks may differ
        long inMillis = Math.max(0, Duration.between(now(), nextPollAt).toMillis());
        update("record the next poll of", batchId, "UPDATE scaledown_batch SET poll_failures = ?, next_poll_at = "
                + dialect.leaseUntil() + " WHERE batch_id = ?", pollFailures, inMillis, batchId);
    }

    @Override
    public String requestLine(String batchId, int itemIndex) {
        return query("cannot read the request line of item " + itemIndex + " of batch '" + batchId + "'",
                "SELECT request_line FROM scaledown_item WHERE batch_key = " + BATCH_KEY_OF + " AND item_index = ?",
                rows -> rows.next() ? rows.getString(1) : null, batchId, itemIndex);
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Map<String, Map<String, Object>> opened = openCorrelations.get(batchId);
        if (opened != null) {
            return opened.getOrDefault(customId, Map.of());
        }
        return query("cannot read the correlations of batch '" + batchId + "'", "SELECT correlations"
                + " FROM scaledown_item WHERE batch_key = " + BATCH_KEY_OF + " AND custom_id = ?",
                rows -> rows.next() ? headers(rows.getString(1)) : Map.<String, Object> of(), batchId, customId);
    }

    @Override
    public void openCorrelations(String batchId) {
        openCorrelations.put(batchId, query("cannot read the correlations of batch '" + batchId + "'",
                "SELECT custom_id, correlations FROM scaledown_item WHERE batch_key = " + BATCH_KEY_OF
                + " AND correlations IS NOT NULL", rows -> {
                    Map<String, Map<String, Object>> loaded = new HashMap<>();
                    while (rows.next()) {
                        loaded.put(rows.getString(1), headers(rows.getString(2)));
                    }
                    return loaded;
                }, batchId));
    }

    /** Unmodifiable: an opened batch's maps are handed to every caller. */
    private static Map<String, Object> headers(String json) {
        return Map.copyOf(TrackingJson.headers(json));
    }

    @Override
    public void closeCorrelations(String batchId) {
        openCorrelations.remove(batchId);
    }

    // ------------------------------------------------------------------ statements

    /** One call to the database, whose failure is a {@link JdbcTrackerException} saying {@code failure}. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws SQLException;
    }

    static <T> T call(String failure, SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new JdbcTrackerException(failure, e);
        }
    }

    void inTransaction(String failure, Sql.Transaction work) {
        call(failure, () -> {
            Sql.inTransaction(dataSource, work);
            return null;
        });
    }

    <T> T query(String failure, String sql, Sql.RowReader<T> reader, Object... parameters) {
        return call(failure, () -> Sql.query(dataSource, sql, reader, parameters));
    }

    /** One statement, committed: the count of rows it changed. */
    int update(String what, String batchId, String sql, Object... parameters) {
        return update(dataSource, what, batchId, sql, parameters);
    }

    /** {@link #update(String, String, String, Object...)} on another of the store's DataSources. */
    static int update(DataSource dataSource, String what, String batchId, String sql, Object... parameters) {
        return call("cannot " + what + " batch '" + batchId + "'", () -> Sql.update(dataSource, sql, parameters));
    }
}
