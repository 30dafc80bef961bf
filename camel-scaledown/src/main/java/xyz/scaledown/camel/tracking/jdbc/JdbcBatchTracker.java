package xyz.scaledown.camel.tracking.jdbc;

import xyz.scaledown.camel.JdbcTrackerException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.aggregation.AggregationStore;
import xyz.scaledown.camel.aggregation.BatchTakenOverException;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.tracking.BatchItems;
import xyz.scaledown.camel.model.BatchSubmission;
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
 * A tracker in a database (PostgreSQL or H2) that any number of nodes share: every node sees every batch at its next
 * poll, and a row lease ({@link #lease}) lets one node at a time emit a batch. A node that dies leaves its lease to
 * run out; the next node resumes the batch from its per-item delivery flags. Tables: {@code schema.sql}.
 * <p>
 * A Camel service: the constructor touches nothing; {@link #start()} finds the dialect and creates or checks the
 * tables.
 */
public class JdbcBatchTracker extends ServiceSupport implements BatchTracker, SubmitIntents {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchTracker.class);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };
    /** Room left in {@code lease_owner} (200) for the JVM name beside the token. */
    private static final int NODE_NAME_CHARS = 160;
    /** The queryTimeout option's default. */
    public static final long DEFAULT_QUERY_TIMEOUT_MILLIS = 30_000;
    private static final int INSERT_CHUNK = 1000;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String BATCH_KEY_OF = "(SELECT batch_key FROM scaledown_batch WHERE batch_id = ?)";

    private static final String INSERT_BATCH = "INSERT INTO scaledown_batch (submit_key, state, state_at, batch_id,"
                                               + " total_count, submitted_at, last_status, poll_failures, next_poll_at,"
                                               + " delivered_lines) VALUES (?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_INTENT = "INSERT INTO scaledown_batch (submit_key, state, state_at, fingerprint,"
                                                + " total_count, submitted_at) VALUES (?, 'posting', ?, ?, ?, ?)";
    /**
     * An earlier record under the key that is not tracked is replaced; one still attached to an exchange only loses
     * the key.
     */
    private static final String UNKEY_UNTRACKED = "UPDATE scaledown_batch SET submit_key = NULL WHERE submit_key = ?"
                                                  + " AND state <> 'submitted' AND exchange_id IS NOT NULL";
    private static final String DELETE_UNTRACKED = "DELETE FROM scaledown_batch WHERE submit_key = ?"
                                                   + " AND state <> 'submitted'";
    /**
     * A completed aggregation record becomes the intent in place (or one whose POST was uncertain, sent again with
     * resubmitUncertain): parameters key, now, now, count, exchange, owner.
     */
    private static final String ADOPT = "UPDATE scaledown_batch SET state = 'posting', submit_key = ?, state_at = ?,"
                                        + " submitted_at = ?, total_count = ? WHERE exchange_id = ? AND owner = ?"
                                        + " AND state IN ('completed', 'posting')";
    private static final String SELECT_RECORD = "SELECT batch_key, state, state_at, fingerprint, total_count, batch_id,"
                                                + " last_status FROM scaledown_batch WHERE submit_key = ?";
    private static final String SELECT_INTENT_IDS = "SELECT i.custom_id FROM scaledown_item i JOIN scaledown_batch b"
                                                    + " ON b.batch_key = i.batch_key WHERE b.submit_key = ?"
                                                    + " ORDER BY i.item_index";
    private static final String RECORD_ANSWER = "UPDATE scaledown_batch SET state = 'answered', state_at = ?,"
                                                + " fingerprint = ?, batch_id = ?, last_status = ? WHERE submit_key = ?"
                                                + " AND state = 'posting'";
    /** The record's batch fields once it is tracked: parameters as {@link #INSERT_BATCH}'s from state_at on. */
    private static final String TRACK_RECORD = "UPDATE scaledown_batch SET state = 'submitted', state_at = ?,"
                                               + " batch_id = ?, total_count = ?, submitted_at = ?, last_status = ?,"
                                               + " poll_failures = ?, next_poll_at = ?, delivered_lines = ?"
                                               + " WHERE batch_key = ? AND state IN ('posting', 'answered')";
    private static final String SELECT_REQUEST_LINE = "SELECT request_line FROM scaledown_item WHERE batch_key = "
                                                      + BATCH_KEY_OF + " AND item_index = ?";
    private static final String SET_CORRELATIONS = "UPDATE scaledown_item SET correlations = ? WHERE batch_key = ?"
                                                   + " AND item_index = ?";
    private static final String KEY_ONLY = "UPDATE scaledown_batch SET state = 'delivered', state_at = ?,"
                                           + " lease_owner = NULL, lease_until = NULL WHERE batch_key = ?";
    private static final String DELETE_ITEMS = "DELETE FROM scaledown_item WHERE batch_key = ?";
    /** An aggregation record whose POST created nothing is completed again, for its exchange to be sent again. */
    private static final String FORGET_ADOPTED = "UPDATE scaledown_batch SET state = 'completed', submit_key = NULL"
                                                 + " WHERE submit_key = ? AND state = 'posting'"
                                                 + " AND exchange_id IS NOT NULL";
    private static final String FORGET = "DELETE FROM scaledown_batch WHERE submit_key = ? AND state = 'posting'";
    private static final String PURGE = "DELETE FROM scaledown_batch WHERE state IN ('posting', 'answered',"
                                        + " 'delivered') AND exchange_id IS NULL AND state_at < ?";
    /** The tracked batch, when this node holds its lease (or with no lease check when the owner is null). */
    private static final String SELECT_TRACKED = "SELECT batch_key, submit_key FROM scaledown_batch WHERE batch_id = ?"
                                                 + " AND state = 'submitted' AND (CAST(? AS VARCHAR) IS NULL"
                                                 + " OR lease_owner = ?)";
    private static final String INSERT_ITEM = "INSERT INTO scaledown_item (batch_key, item_index, custom_id,"
                                              + " correlations, request_line) VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_PENDING = "SELECT " + TrackerDialect.BATCH_COLUMNS + " FROM scaledown_batch"
                                                 + " WHERE state = 'submitted' ORDER BY submitted_at, batch_key";
    private static final String SELECT_PAGE = SELECT_PENDING + " LIMIT ?";
    /** Every aggregate of the operational views in one statement, whatever the number of batches. */
    private static final String SELECT_SUMMARY = "SELECT"
            + " (SELECT COUNT(*) FROM scaledown_batch WHERE state = 'submitted') AS batches,"
            + " (SELECT MIN(submitted_at) FROM scaledown_batch WHERE state = 'submitted') AS oldest,"
            + " (SELECT COALESCE(SUM(total_count), 0) FROM scaledown_batch WHERE state = 'submitted'"
            + " AND total_count >= 0) AS submitted,"
            + " (SELECT COUNT(*) FROM scaledown_item i JOIN scaledown_batch b ON b.batch_key = i.batch_key"
            + " WHERE b.state = 'submitted' AND i.delivered) AS delivered_items,"
            + " (SELECT COALESCE(SUM(delivered_lines), 0) FROM scaledown_batch WHERE state = 'submitted'"
            + " AND total_count < 0) AS delivered_lines";
    private static final String SELECT_ITEMS = "SELECT custom_id, delivered FROM scaledown_item WHERE batch_key = "
                                               + BATCH_KEY_OF + " ORDER BY item_index";
    private static final String MARK_DELIVERED = "UPDATE scaledown_item SET delivered = TRUE WHERE batch_key = "
                                                 + BATCH_KEY_OF + " AND item_index = ?";
    /** The mark and the lease check in one statement: nothing is marked once another node holds the batch. */
    static final String MARK_DELIVERED_HELD = "UPDATE scaledown_item SET delivered = TRUE WHERE batch_key ="
                                                      + " (SELECT batch_key FROM scaledown_batch WHERE batch_id = ?"
                                                      + " AND lease_owner = ?) AND item_index = ?";
    private static final String RECORD_DELIVERED_LINES_HELD = "UPDATE scaledown_batch SET delivered_lines ="
                                                              + " GREATEST(delivered_lines, ?) WHERE batch_id = ?"
                                                              + " AND lease_owner = ?";
    private static final String COUNT_DELIVERED = "SELECT COUNT(*) FROM scaledown_item WHERE batch_key = "
                                                  + BATCH_KEY_OF + " AND delivered";
    private static final String SELECT_TOTAL = "SELECT total_count FROM scaledown_batch WHERE batch_id = ?";
    private static final String RECORD_DELIVERED_LINES = "UPDATE scaledown_batch SET delivered_lines = ?"
                                                         + " WHERE batch_id = ? AND delivered_lines < ?";
    private static final String MARK_STATUS = "UPDATE scaledown_batch SET last_status = ? WHERE batch_id = ?";
    private static final String RECORD_POLL_FAILURES = "UPDATE scaledown_batch SET poll_failures = ?, next_poll_at = NULL"
                                                       + " WHERE batch_id = ?";
    /** The batch's items go with it (ON DELETE CASCADE). */
    private static final String DELETE_BATCH = "DELETE FROM scaledown_batch WHERE batch_key = ?";
    private static final String SELECT_CORRELATION = "SELECT correlations FROM scaledown_item WHERE batch_key = "
                                                     + BATCH_KEY_OF + " AND custom_id = ?";
    private static final String SELECT_CORRELATIONS = "SELECT custom_id, correlations FROM scaledown_item"
                                                      + " WHERE batch_key = " + BATCH_KEY_OF
                                                      + " AND correlations IS NOT NULL";

    private final DataSource dataSource;
    /** The DataSource as given: the key a route's transaction manager binds its connection under. */
    private final DataSource routeDataSource;
    private final DatabaseClock clock;
    private final boolean createTables;
    private final long leaseDurationMillis;
    private volatile TrackerDialect dialect;
    /** Built at start, and replaced at each consumer start, so a token is never shared by two starts, processes or containers. */
    private volatile BatchLeases leases;
    /** This node's token while this store is open: the owner of the batches it aggregates, and its first leases. */
    private final String nodeToken = newOwnerToken();
    private JdbcAggregationRecords aggregationRecords;
    private final Map<String, Map<String, Map<String, Object>>> openCorrelations = new ConcurrentHashMap<>();

    /**
     * @param createTables         create the tables when they are missing (else only check they exist)
     * @param leaseDurationMillis  how long a node's lease on a batch lasts without being renewed
     */
    public JdbcBatchTracker(DataSource dataSource, boolean createTables, long leaseDurationMillis) {
        this(dataSource, createTables, leaseDurationMillis, DEFAULT_QUERY_TIMEOUT_MILLIS);
    }

    /**
     * @param createTables         create the tables when they are missing (else only check they exist)
     * @param leaseDurationMillis  how long a node's lease on a batch lasts without being renewed
     * @param queryTimeoutMillis   how long any one statement may run before the driver cancels it (0: no limit)
     */
    public JdbcBatchTracker(DataSource dataSource, boolean createTables, long leaseDurationMillis,
            long queryTimeoutMillis) {
        this.routeDataSource = Objects.requireNonNull(dataSource, "trackerDataSource");
        this.dataSource = QueryTimeoutDataSource.of(routeDataSource,
                queryTimeoutMillis);
        this.clock = new DatabaseClock(this.dataSource);
        this.createTables = createTables;
        this.leaseDurationMillis = leaseDurationMillis;
    }

    /** Finds the database's dialect and creates (or checks) the tables; nothing touches the database before. */
    @Override
    protected void doStart() {
        try (Connection connection = dataSource.getConnection()) {
            this.dialect = TrackerDialect.of(connection);
            TrackerSchema.prepare(connection, createTables);
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

    /**
     * The token this node's leases carry (JVM name and a UUID, new at each consumer start): what an operator sees in
     * {@code lease_owner}.
     */
    public String getNodeName() {
        return leases.owner();
    }

    // ------------------------------------------------------------------ BatchTracker

    /** The database's clock: the nodes' clocks may differ, the leases and next polls are on this one. */
    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
        List<String> ids = TrackedItems.checked(batch, customIds);
        Map<String, Map<String, Object>> stored = TrackedItems.storedCorrelations(correlations, TrackingJson::storable);
        transaction("track", batch.batchId(), connection -> insertTracked(connection, null, batch, ids, stored));
    }

    /**
     * The key's record becomes the tracked batch in one transaction: its row's batch fields and state, and the
     * correlations on the item rows the intent wrote.
     */
    @Override
    public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        List<String> ids = TrackedItems.checked(batch, customIds);
        Map<String, Map<String, Object>> stored = TrackedItems.storedCorrelations(correlations, TrackingJson::storable);
        try {
            trackRecord(submitKey, batch, ids, stored);
        } catch (IllegalStateException sameBatchId) {
            recordTracked(submitKey); // the batch id is tracked under another record, with its items
        }
    }

    private void trackRecord(String submitKey, TrackedBatch batch, List<String> ids,
            Map<String, Map<String, Object>> stored) {
        transaction("track", batch.batchId(), connection -> {
            Long batchKey = Sql.query(connection, SELECT_RECORD, row -> row.next() ? row.getLong("batch_key") : null,
                    submitKey);
            if (batchKey == null) {
                insertTracked(connection, submitKey, batch, ids, stored);
            } else if (Sql.execute(connection, TRACK_RECORD, Instant.now(), batch.batchId(), batch.totalCount(),
                    batch.submittedAt(), batch.lastStatus(), batch.pollFailures(), batch.nextPollAt(),
                    batch.deliveredLines(), batchKey) == 1) { // none: tracked (or delivered) by an earlier attempt
                writeItems(connection, SET_CORRELATIONS, batchKey, ids, stored, null);
            }
        });
    }

    private static void insertTracked(Connection connection, String submitKey, TrackedBatch batch, List<String> ids,
            Map<String, Map<String, Object>> correlations) throws SQLException {
        long batchKey = Sql.insertRow(connection, INSERT_BATCH, submitKey, Instant.now(), batch.batchId(),
                batch.totalCount(), batch.submittedAt(), batch.lastStatus(), batch.pollFailures(), batch.nextPollAt(),
                batch.deliveredLines());
        writeItems(connection, INSERT_ITEM, batchKey, ids, correlations, null);
    }

    /**
     * Inserts the item rows ({@link #INSERT_ITEM}) with their request lines (null: none kept), or sets the
     * correlations of those that have any on the rows the intent wrote ({@link #SET_CORRELATIONS}).
     */
    private static void writeItems(Connection connection, String sql, long batchKey, List<String> ids,
            Map<String, Map<String, Object>> correlations, List<String> requestLines) throws SQLException {
        boolean onlyCorrelated = SET_CORRELATIONS.equals(sql);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int pending = 0;
            for (int i = 0; i < ids.size(); i++) {
                Map<String, Object> headers = correlations.get(ids.get(i));
                if (onlyCorrelated && headers == null) {
                    continue;
                }
                Object[] values = onlyCorrelated ? new Object[] { headers == null ? null : json(headers), batchKey, i }
                        : new Object[] { batchKey, i, ids.get(i), headers == null ? null : json(headers),
                                requestLines == null ? null : requestLines.get(i) };
                Sql.bindAll(statement, values).addBatch();
                if (++pending % INSERT_CHUNK == 0) {
                    statement.executeBatch();
                }
            }
            statement.executeBatch();
        }
    }

    private void transaction(String what, String batchId, Sql.Transaction work) {
        try {
            Sql.inTransaction(dataSource, work);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException("batch '" + batchId + "' is already tracked", e);
            }
            throw new JdbcTrackerException("cannot " + what + " batch '" + batchId + "'", e);
        }
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
            long batchKey = Sql.insertRow(connection, INSERT_INTENT, intent.key(), intent.recordedAt(),
                    intent.fingerprint(), intent.itemCount(), intent.recordedAt());
            writeItems(connection, INSERT_ITEM, batchKey, customIds, Map.of(), requestLines);
        });
    }

    private static String notRecorded(SubmitIntent intent) {
        return "cannot record the submit intent of submit key " + intent.key() + " (nothing was sent)";
    }

    private static void replaceUntracked(Connection connection, String key) throws SQLException {
        Sql.execute(connection, UNKEY_UNTRACKED, key);
        Sql.execute(connection, DELETE_UNTRACKED, key);
    }

    /** The completed aggregation record the body reads becomes the intent: its items stay as the add wrote them. */
    @Override
    public boolean adopt(SubmitIntent intent, BatchBody body) {
        if (!(body instanceof StoredBatchBody stored) || stored.store() != this) {
            return false;
        }
        boolean[] adopted = new boolean[1];
        inTransaction(notRecorded(intent), connection -> {
            replaceUntracked(connection, intent.key());
            adopted[0] = Sql.execute(connection, ADOPT, intent.key(), intent.recordedAt(), intent.recordedAt(),
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
        return query("cannot read the custom ids of submit intent " + key, SELECT_INTENT_IDS,
                Sql.list(rows -> rows.getString(1)), key);
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        update("record the answer of submit key " + key + " for", submission.batchId(), RECORD_ANSWER, Instant.now(),
                fingerprint, submission.batchId(), submission.status(), key);
    }

    @Override
    public void recordTracked(String key) {
        transaction("close the record of submit key " + key + " for", key, connection -> {
            Long batchKey = Sql.query(connection, SELECT_RECORD, row -> row.next()
                    && "answered".equals(row.getString("state")) ? row.getLong("batch_key") : null, key);
            if (batchKey != null) {
                keyOnly(connection, batchKey);
            }
        });
    }

    /** The record keeps its key and batch id, as {@code delivered}; its items go. */
    private static void keyOnly(Connection connection, long batchKey) throws SQLException {
        Sql.execute(connection, KEY_ONLY, Instant.now(), batchKey);
        Sql.execute(connection, DELETE_ITEMS, batchKey);
    }

    @Override
    public void forget(String key) {
        update("forget the intent of submit key " + key + " for", key, FORGET_ADOPTED, key);
        update("forget the intent of submit key " + key + " for", key, FORGET, key);
    }

    @Override
    public void purge(Instant cutoff) {
        update("purge the submit keys recorded before " + cutoff + " for", "", PURGE, cutoff);
    }

    @Override
    public List<TrackedBatch> pending() {
        return query("cannot list the tracked batches", SELECT_PENDING, Sql.list(JdbcBatchTracker::batchOf));
    }

    @Override
    public List<TrackedBatch> pendingPage(int limit) {
        return query("cannot list the tracked batches", SELECT_PAGE, Sql.list(JdbcBatchTracker::batchOf), limit);
    }

    @Override
    public TrackerSummary summary() {
        return query("cannot sum up the tracked batches", SELECT_SUMMARY, rows -> {
                if (!rows.next()) {
                    return TrackerSummary.EMPTY;
                }
                long submitted = rows.getLong("submitted");
                long deliveredItems = rows.getLong("delivered_items");
                return new TrackerSummary(rows.getLong("batches"), Sql.instant(rows, "oldest"), submitted,
                        deliveredItems + rows.getLong("delivered_lines"), Math.max(0, submitted - deliveredItems));
            });
    }

    /** One row of {@link TrackerDialect#BATCH_COLUMNS}. */
    static TrackedBatch batchOf(ResultSet rows) throws SQLException {
        return new TrackedBatch(rows.getString("batch_id"), rows.getInt("total_count"),
                Sql.instant(rows, "submitted_at"), rows.getString("last_status"), rows.getInt("poll_failures"),
                Sql.instant(rows, "next_poll_at"), rows.getLong("delivered_lines"));
    }

    /**
     * One statement ({@link TrackerDialect#claimDueSql()}) whatever the number of batches: the due ones nobody holds
     * are leased and returned. A batch this node already holds is not due for another poll, so {@code busy} needs no
     * look-up here.
     */
    @Override
    public List<ClaimedBatch> claimDue(int limit, Predicate<String> busy) {
        BatchLeases current = leases;
        try {
            List<ClaimedBatch> claimed = new ArrayList<>();
            for (TrackedBatch batch : current.claimDue(limit)) {
                claimed.add(new ClaimedBatch(batch, new JdbcBatchLease(current, batch.batchId())));
            }
            claimed.sort(Comparator.comparing((ClaimedBatch c) -> c.batch().nextPollAt(),
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(c -> c.batch().submittedAt()));
            return claimed;
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot claim the batches due for a poll", e);
        }
    }

    @Override
    public BatchItems items(String batchId) {
        return query("cannot read the items of batch '" + batchId + "'", SELECT_ITEMS, rows -> {
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
        return query("cannot count the delivered items of batch '" + batch.batchId() + "'", COUNT_DELIVERED,
                rows -> rows.next() ? rows.getLong(1) : 0L, batch.batchId());
    }

    @Override
    public Optional<String> leaseHolder(String batchId) {
        try {
            return leases.holder(batchId);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot read the lease of batch '" + batchId + "'", e);
        }
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        try {
            if (itemIndex >= 0 && Sql.update(dataSource, MARK_DELIVERED, batchId, itemIndex) == 1) {
                return;
            }
            // not marked: an index outside the batch is refused, a batch no longer tracked is ignored
            Integer total = Sql.query(dataSource, SELECT_TOTAL, rows -> rows.next() ? rows.getInt(1) : null, batchId);
            if (total != null) {
                TrackedItems.checkIndex(batchId, itemIndex, Math.max(total, 0));
            }
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot mark item " + itemIndex + " of batch '" + batchId + "' delivered",
                    e);
        }
    }

    @Override
    public boolean markDelivered(BatchLease lease, String batchId, int itemIndex) {
        return underLease(lease, "mark item " + itemIndex + " delivered in", batchId, MARK_DELIVERED_HELD, batchId,
                ownerOf(lease), itemIndex);
    }

    /**
     * The delivered mark of an item, for a route's own transaction on {@code trackerDataSource} to write
     * ({@link RouteTransactionMark}); empty under a lease this tracker did not give.
     */
    public Optional<RouteTransactionMark> routeTransactionMark(BatchLease lease, String batchId, int itemIndex) {
        return lease instanceof JdbcBatchLease held
                ? Optional.of(new RouteTransactionMark(routeDataSource, dataSource, held, batchId, itemIndex))
                : Optional.empty();
    }

    @Override
    public boolean recordDeliveredLines(BatchLease lease, String batchId, long deliveredLines) {
        return underLease(lease, "record the delivered lines of", batchId, RECORD_DELIVERED_LINES_HELD, deliveredLines,
                batchId, ownerOf(lease));
    }

    @Override
    public boolean complete(BatchLease lease, String batchId) {
        if (!lease.isHeld()) {
            return false;
        }
        if (completed(batchId, ownerOf(lease))) {
            return true;
        }
        lease.lost();
        return false;
    }

    private record Tracked(long batchKey, boolean keyed) {
    }

    /**
     * The tracked batch's record is deleted, or, under a submit key, kept as the key only; false when the batch is
     * not tracked, or {@code owner} (when given) does not hold its lease.
     */
    private boolean completed(String batchId, String owner) {
        openCorrelations.remove(batchId);
        boolean[] done = new boolean[1];
        transaction("remove", batchId, connection -> {
            Tracked row = Sql.query(connection, SELECT_TRACKED, rows -> rows.next()
                    ? new Tracked(rows.getLong("batch_key"), rows.getString("submit_key") != null) : null,
                    batchId, owner, owner);
            if (row == null) {
                return;
            }
            if (row.keyed()) {
                keyOnly(connection, row.batchKey());
            } else {
                Sql.execute(connection, DELETE_BATCH, row.batchKey());
            }
            done[0] = true;
        });
        return done[0];
    }

    /** One update conditional on the lease's token: no row changed means another node holds the batch, or it is gone. */
    private boolean underLease(BatchLease lease, String what, String batchId, String sql, Object... parameters) {
        if (!lease.isHeld()) {
            return false;
        }
        try {
            if (Sql.update(dataSource, sql, parameters) == 1) {
                return true;
            }
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot " + what + " batch '" + batchId + "'", e);
        }
        lease.lost();
        return false;
    }

    private String ownerOf(BatchLease lease) {
        return lease instanceof JdbcBatchLease held ? held.owner() : leases.owner();
    }

    @Override
    public void recordDeliveredLines(String batchId, long deliveredLines) {
        update("record the delivered lines of", batchId, RECORD_DELIVERED_LINES, deliveredLines, batchId,
                deliveredLines);
    }

    @Override
    public void markStatus(String batchId, String status) {
        update("record the status of", batchId, MARK_STATUS, status, batchId);
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        if (nextPollAt == null) {
            update("record the poll failures of", batchId, RECORD_POLL_FAILURES, pollFailures, batchId);
            return;
        }
        // kept on the database's clock, which the claim of due batches compares it with: the nodes' clocks may differ
        long inMillis = Math.max(0, Duration.between(now(), nextPollAt).toMillis());
        update("record the next poll of", batchId, "UPDATE scaledown_batch SET poll_failures = ?, next_poll_at = "
                                                   + dialect.leaseUntil() + " WHERE batch_id = ?",
                pollFailures, inMillis, batchId);
    }

    @Override
    public String requestLine(String batchId, int itemIndex) {
        return query("cannot read the request line of item " + itemIndex + " of batch '" + batchId + "'",
                SELECT_REQUEST_LINE, rows -> rows.next() ? rows.getString(1) : null, batchId, itemIndex);
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Map<String, Map<String, Object>> opened = openCorrelations.get(batchId);
        if (opened != null) {
            return opened.getOrDefault(customId, Map.of());
        }
        return query("cannot read the correlations of batch '" + batchId + "'", SELECT_CORRELATION,
                rows -> rows.next() ? headers(rows.getString(1)) : Map.<String, Object> of(), batchId, customId);
    }

    @Override
    public void openCorrelations(String batchId) {
        openCorrelations.put(batchId, query("cannot read the correlations of batch '" + batchId + "'",
                SELECT_CORRELATIONS, rows -> {
                    Map<String, Map<String, Object>> loaded = new HashMap<>();
                    while (rows.next()) {
                        loaded.put(rows.getString(1), headers(rows.getString(2)));
                    }
                    return loaded;
                }, batchId));
    }

    @Override
    public void closeCorrelations(String batchId) {
        openCorrelations.remove(batchId);
    }

    @Override
    public Optional<BatchLease> lease(String batchId) {
        try {
            return leases.claim(batchId) ? Optional.of(new JdbcBatchLease(leases, batchId)) : Optional.empty();
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot claim the lease of batch '" + batchId + "'", e);
        }
    }

    @Override
    public void complete(String batchId) {
        completed(batchId, null);
    }

    // ------------------------------------------------------------------ helpers

    /** {@link Sql#inTransaction}: a failure is a {@link JdbcTrackerException} saying {@code failure}. */
    void inTransaction(String failure, Sql.Transaction work) {
        try {
            Sql.inTransaction(dataSource, work);
        } catch (SQLException e) {
            throw new JdbcTrackerException(failure, e);
        }
    }

    <T> T query(String failure, String sql, Sql.RowReader<T> reader, Object... parameters) {
        try {
            return Sql.query(dataSource, sql, reader, parameters);
        } catch (SQLException e) {
            throw new JdbcTrackerException(failure, e);
        }
    }

    /** One statement, committed: the count of rows it changed. */
    int update(String what, String batchId, String sql, Object... parameters) {
        try {
            return Sql.update(dataSource, sql, parameters);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot " + what + " batch '" + batchId + "'", e);
        }
    }

    private static String json(Map<String, Object> headers) {
        try {
            return TrackingJson.MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("correlation headers that cannot be written as JSON: " + e.getMessage(),
                    e);
        }
    }

    private static Map<String, Object> headers(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return Map.copyOf(TrackingJson.MAPPER.readValue(json, MAP_TYPE));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable correlations " + json, e);
        }
    }
}
