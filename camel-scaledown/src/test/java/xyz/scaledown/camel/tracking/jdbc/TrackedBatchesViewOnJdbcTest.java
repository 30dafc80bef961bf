package xyz.scaledown.camel.tracking.jdbc;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.observe.TrackedBatchesView;
import xyz.scaledown.camel.observe.TrackedBatchesView.BatchView;
import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.TrackedBatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What the dev console, health checks and JMX show of a batch in the JDBC tracker: its delivered count (counted by
 * the database) and the node holding its lease while one does.
 */
class TrackedBatchesViewOnJdbcTest {

    private final HikariDataSource database = TestDatabases.newH2Database();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theViewShowsTheDeliveredCountAndTheLeaseOwnerWhileTheLeaseIsHeld() {
        JdbcBatchTracker tracker = new JdbcBatchTracker(database, true, 60_000);
        tracker.start();
        tracker.track(TrackedBatch.submitted("b-view", 3, "queued"), List.of("a", "b", "c"), Map.of());
        tracker.markDelivered("b-view", 1);

        try (BatchLease lease = tracker.lease("b-view").orElseThrow()) {
            BatchView leased = TrackedBatchesView.of(tracker).batches().get(0);
            assertEquals(1, leased.delivered());
            assertEquals(3, leased.submitted());
            assertEquals(tracker.getNodeName(), leased.leaseOwner());
        }

        BatchView released = TrackedBatchesView.of(tracker).batches().get(0);
        assertNull(released.leaseOwner());
        assertEquals(2, released.pending());
    }

    /** Health and JMX read the aggregates in one statement; the console lists one page, however many batches wait. */
    @Test
    void theAggregatesAreOneStatementAndTheListIsOnePage() {
        CountingDataSource counting = new CountingDataSource(database);
        JdbcBatchTracker tracker = new JdbcBatchTracker(counting.dataSource(), true, 60_000);
        tracker.start();
        int batches = TrackedBatchesView.PAGE_SIZE + 50;
        for (int i = 0; i < batches; i++) {
            tracker.track(TrackedBatch.submitted("b-" + i, 2, "queued"), List.of("a", "b"), Map.of());
        }
        tracker.markDelivered("b-0", 0);
        counting.reset();

        TrackedBatchesView summary = TrackedBatchesView.summaryOf(tracker);

        assertEquals(1, counting.executed().size(), counting.executed().toString());
        assertEquals(batches, summary.count());
        assertEquals(2L * batches - 1, summary.pendingItems());
        TrackedBatchesView listed = TrackedBatchesView.of(tracker);
        assertEquals(TrackedBatchesView.PAGE_SIZE, listed.batches().size());
        assertEquals(batches, listed.count());
    }
}
