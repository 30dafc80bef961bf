package xyz.scaledown.camel.tracking.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.BatchTrackerContractTest;
import xyz.scaledown.camel.tracking.TrackedBatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tracker contract over the JDBC tracker, plus what only a shared database does: nodes seeing each other's
 * batches, leases, and a schema the DBAs own. One database per test class, emptied before each test.
 */
abstract class JdbcBatchTrackerContract extends BatchTrackerContractTest {

    private static final long LEASE_MILLIS = 60_000;

    /** One database per test class (the contract makes a new test instance per test). */
    private static final Map<Class<?>, HikariDataSource> DATABASES = new ConcurrentHashMap<>();

    protected abstract HikariDataSource newDatabase();

    private HikariDataSource dataSource() {
        return DATABASES.computeIfAbsent(getClass(), type -> newDatabase());
    }

    @AfterAll
    static void closePools() {
        DATABASES.values().forEach(HikariDataSource::close);
        DATABASES.clear();
    }

    @BeforeEach
    void emptyStore() throws SQLException {
        started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS));
        execute("DELETE FROM scaledown_batch");
    }

    @Override
    protected BatchTracker createTracker() {
        return started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS));
    }

    @Override
    protected BatchTracker reopen(BatchTracker current) {
        return started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS));
    }

    /** A tracker touches the database when it starts, as the component starts it. */
    private static JdbcBatchTracker started(JdbcBatchTracker tracker) {
        tracker.start();
        return tracker;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aBatchTrackedByOneNodeIsSeenByAnotherAtItsNextPoll() throws Exception {
        BatchTracker nodeB = started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS));
        assertTrue(nodeB.pending().isEmpty());

        tracker().track(submitted("b1", 2), ids("c", 2), Map.of("c1", Map.of("ticket", "T-2")));

        assertEquals(List.of("b1"), nodeB.pending().stream().map(TrackedBatch::batchId).toList());
        nodeB.markDelivered("b1", 1);
        assertTrue(tracker().items("b1").isDelivered(1), "delivery marks are shared too");
        assertEquals(Map.of("ticket", "T-2"), nodeB.correlation("b1", "c1"));
    }

    /** Nodes claiming due batches at the same moment split them: no batch is claimed by two, none is left out. */
    @Test
    void nodesClaimingDueBatchesAtTheSameMomentSplitThem() throws Exception {
        int batches = 60;
        for (int i = 0; i < batches; i++) {
            tracker().track(submitted("d" + i, 1), List.of("c"), Map.of());
        }
        List<JdbcBatchTracker> nodes = List.of(started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS)),
                started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS)),
                started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes.size());
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<String>>> claims = new java.util.ArrayList<>();
            for (JdbcBatchTracker node : nodes) {
                claims.add(pool.submit(() -> {
                    start.await();
                    List<String> ids = new java.util.ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        node.claimDue(10, id -> false).forEach(c -> ids.add(c.batch().batchId()));
                    }
                    return ids;
                }));
            }
            start.countDown();
            List<String> all = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<List<String>> claim : claims) {
                all.addAll(claim.get());
            }
            assertEquals(batches, all.size(), "each batch claimed once: " + all);
            assertEquals(batches, new java.util.HashSet<>(all).size(), "no batch claimed twice: " + all);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneNodeAtATimeHoldsABatchsLease() throws Exception {
        JdbcBatchTracker nodeA = (JdbcBatchTracker) tracker();
        JdbcBatchTracker nodeB = started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS));
        nodeA.track(submitted("b1", 1), List.of("c"), Map.of());
        assertFalse(nodeA.getNodeName().equals(nodeB.getNodeName()), "each tracker is a node of its own");

        Optional<BatchLease> leaseA = nodeA.lease("b1");
        assertTrue(leaseA.isPresent());
        assertTrue(nodeB.lease("b1").isEmpty(), "node A holds it");
        assertTrue(leaseA.get().renew());

        leaseA.get().close();
        Optional<BatchLease> leaseB = nodeB.lease("b1");
        assertTrue(leaseB.isPresent(), "released, so node B takes it at once");
        leaseB.get().close();
    }

    @Test
    void withCreateTablesFalseMissingTablesAreAClearErrorAndExistingOnesAreUsed() throws Exception {
        tracker();
        execute("DROP TABLE scaledown_item");
        execute("DROP TABLE scaledown_batch");

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> started(new JdbcBatchTracker(dataSource(), false, LEASE_MILLIS)));
        assertEquals("trackerDataSource: table(s) scaledown_batch, scaledown_item missing and createTables=false:"
                     + " create them with the DDL in the component docs (section JDBC tracker), or set"
                     + " createTables=true", missing.getMessage());

        // the DBA runs the documented DDL
        for (String statement : TrackerSchema.statements()) {
            execute(statement);
        }
        BatchTracker onTheirSchema = started(new JdbcBatchTracker(dataSource(), false, LEASE_MILLIS));
        onTheirSchema.track(submitted("b1", 1), List.of("c"), Map.of());
        assertEquals(1, onTheirSchema.pending().size());
    }

    @Test
    void aMissingMovedKeySequenceIsAClearErrorWithCreateTablesFalseAndCreatedWithTrue() throws Exception {
        tracker();
        execute("DROP SEQUENCE scaledown_moved_key");

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> started(new JdbcBatchTracker(dataSource(), false, LEASE_MILLIS)));
        assertEquals("trackerDataSource: sequence scaledown_moved_key missing and createTables=false: create it with"
                     + " the DDL in the component docs (section JDBC tracker), or set createTables=true",
                missing.getMessage());

        started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS));
        // created: a start that may not create it finds it now
        started(new JdbcBatchTracker(dataSource(), false, LEASE_MILLIS));
    }

    @Test
    void theTablesOfThe010SnapshotAreRefusedNamingTheMissingColumn() throws Exception {
        tracker();
        execute("DROP TABLE scaledown_item");
        execute("DROP TABLE scaledown_batch");
        // the 0.1.0 snapshot's batch table: no submit key, no state
        execute("CREATE TABLE scaledown_batch (batch_key BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " batch_id VARCHAR(1000) UNIQUE, total_count INTEGER NOT NULL)");
        execute("CREATE TABLE scaledown_item (batch_key BIGINT NOT NULL, item_index INTEGER NOT NULL,"
                + " custom_id VARCHAR NOT NULL)");

        assertRefusedAsNotMigrated("scaledown_batch has no column owner_until", "DROP TABLE scaledown_item",
                "DROP TABLE scaledown_batch");
    }

    @Test
    void theTablesOfTheSnapshotWhoseItemsNamedTheirOwnerAreRefusedNamingThatColumn() throws Exception {
        tracker();
        // that snapshot's item rows carried the aggregating node, with a foreign key on (batch_key, owner)
        execute("ALTER TABLE scaledown_item ADD COLUMN owner VARCHAR(200)");

        assertRefusedAsNotMigrated("scaledown_item has a column owner", "ALTER TABLE scaledown_item DROP COLUMN owner");
    }

    /** A start on the tables of an earlier snapshot fails naming what gave them away; {@code cleanUp} runs after. */
    private void assertRefusedAsNotMigrated(String naming, String... cleanUp) throws Exception {
        try {
            IllegalStateException old = assertThrows(IllegalStateException.class,
                    () -> started(new JdbcBatchTracker(dataSource(), true, LEASE_MILLIS)));
            assertTrue(old.getMessage().contains(naming), old.getMessage());
            assertTrue(old.getMessage().contains("not migrated"), old.getMessage());
        } finally {
            for (String statement : cleanUp) {
                execute(statement);
            }
        }
    }
}
