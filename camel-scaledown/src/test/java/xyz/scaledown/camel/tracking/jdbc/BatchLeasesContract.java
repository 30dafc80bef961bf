package xyz.scaledown.camel.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a batch lease guarantees, on each database the tracker runs on: one holder at a time, taken over only once it
 * ran out or was released, and a holder that lost it learns so when it renews.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BatchLeasesContract {

    private static final long LONG_LEASE = 60_000;
    private static final long SHORT_LEASE = 1;

    private HikariDataSource dataSource;
    private TrackerDialect dialect;
    private int batches;

    protected abstract HikariDataSource newDatabase();

    protected abstract TrackerDialect expectedDialect();

    @BeforeAll
    void createTables() throws SQLException {
        dataSource = newDatabase();
        try (Connection connection = dataSource.getConnection()) {
            dialect = TrackerDialect.of(connection);
            TrackerSchema.prepare(connection, dialect, true);
        }
    }

    @AfterAll
    void closePool() {
        dataSource.close();
    }

    private BatchLeases node(String name, long leaseMillis) {
        return new BatchLeases(dataSource, dialect, name, leaseMillis);
    }

    private String newBatch() throws SQLException {
        String batchId = "batch-" + ++batches;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO scaledown_batch (batch_id, state, state_at, total_count, submitted_at)"
                     + " VALUES (?, 'submitted', CURRENT_TIMESTAMP, 1, CURRENT_TIMESTAMP)")) {
            insert.setString(1, batchId);
            insert.executeUpdate();
        }
        return batchId;
    }

    /** A new batch whose lease {@code holder} just took. */
    private String newBatchLeasedBy(BatchLeases holder) throws SQLException {
        String batchId = newBatch();
        assertTrue(holder.claim(batchId), holder.owner() + " takes the lease of a new batch");
        return batchId;
    }

    private static void waitPast(long leaseMillis) throws InterruptedException {
        Thread.sleep(leaseMillis + 50);
    }

    @Test
    void theDatabaseIsRecognised() {
        assertEquals(expectedDialect(), dialect);
    }

    @Test
    void aHeldLeaseIsRefusedToAnotherNode() throws Exception {
        BatchLeases a = node("node-a", LONG_LEASE);
        BatchLeases b = node("node-b", LONG_LEASE);
        String batchId = newBatchLeasedBy(a);
        assertFalse(b.claim(batchId), "node-a holds it");
        assertEquals(Optional.of("node-a"), b.holder(batchId));
        assertTrue(a.claim(batchId), "the holder may claim again");
        assertTrue(a.renew(batchId));
        assertFalse(b.renew(batchId), "renewing is for the holder only");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() throws Exception {
        BatchLeases a = node("node-a", LONG_LEASE);
        BatchLeases b = node("node-b", LONG_LEASE);
        String batchId = newBatchLeasedBy(a);

        b.release(batchId);
        assertFalse(b.claim(batchId), "a release by a node that does not hold the lease changes nothing");

        a.release(batchId);
        assertEquals(Optional.empty(), b.holder(batchId));
        assertTrue(b.claim(batchId));
        assertFalse(a.renew(batchId), "node-a released it");
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndItsFormerHolderCannotRenewIt() throws Exception {
        BatchLeases a = node("node-a", SHORT_LEASE);
        BatchLeases b = node("node-b", LONG_LEASE);
        String batchId = newBatchLeasedBy(a);
        waitPast(SHORT_LEASE);

        assertEquals(Optional.empty(), b.holder(batchId), "the lease ran out");
        assertTrue(b.claim(batchId));
        assertFalse(a.renew(batchId), "node-b holds it now");
        assertEquals(Optional.of("node-b"), a.holder(batchId));
    }

    @Test
    void renewingKeepsTheLeaseFromRunningOut() throws Exception {
        BatchLeases a = node("node-a", SHORT_LEASE);
        BatchLeases b = node("node-b", LONG_LEASE);
        String batchId = newBatchLeasedBy(a);
        waitPast(SHORT_LEASE);

        BatchLeases aLonger = node("node-a", LONG_LEASE);
        assertTrue(aLonger.renew(batchId), "node-a still holds it: nobody took it");
        assertFalse(b.claim(batchId), "renewed by the full duration");
    }

    @Test
    void anUnknownBatchCannotBeClaimed() throws Exception {
        assertFalse(node("node-a", LONG_LEASE).claim("no-such-batch"));
    }

    @Test
    void nodesClaimingAtTheSameMomentGetOneWinner() throws Exception {
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < 20; round++) {
                String batchId = newBatch();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    BatchLeases node = node("node-" + n, LONG_LEASE);
                    Callable<Boolean> claim = () -> {
                        start.await();
                        return node.claim(batchId);
                    };
                    claims.add(pool.submit(claim));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> claim : claims) {
                    winners += claim.get() ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round + ": exactly one node holds " + batchId);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseLostToAnotherNodeStopsItsFormerHolderAndIsNotReleasedByIt() throws Exception {
        BatchLeases a = node("node-a", SHORT_LEASE);
        BatchLeases b = node("node-b", LONG_LEASE);
        String batchId = newBatchLeasedBy(a);
        BatchLeases.Lease aLease = a.leaseOf(batchId);
        waitPast(SHORT_LEASE);
        assertTrue(b.claim(batchId));

        assertFalse(aLease.renew(), "the renewal finds node-b holding the lease");
        assertFalse(aLease.renew(), "and stays lost");
        aLease.close();
        assertEquals(Optional.of("node-b"), b.holder(batchId), "closing a lost lease leaves the new holder's alone");
    }

    @Test
    void aKeptLeaseIsRenewedAndReleasedOnClose() throws Exception {
        BatchLeases a = node("node-a", SHORT_LEASE);
        BatchLeases b = node("node-b", LONG_LEASE);
        String batchId = newBatchLeasedBy(a);
        BatchLeases.Lease aLease = a.leaseOf(batchId);
        waitPast(SHORT_LEASE);

        assertTrue(aLease.renew(), "due for renewal, and nobody took it");
        aLease.close();
        assertTrue(b.claim(batchId), "released");
    }
}
