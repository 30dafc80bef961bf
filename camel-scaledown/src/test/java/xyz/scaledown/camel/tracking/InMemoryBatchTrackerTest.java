package xyz.scaledown.camel.tracking;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryBatchTrackerTest {

    private final InMemoryBatchTracker tracker = new InMemoryBatchTracker();

    @Test
    void tracksUntilComplete() {
        tracker.track(TrackedBatch.submitted("b1", 2), Map.of("c1", Map.of("ticket", 7)));
        assertEquals(List.of("b1"), tracker.pending().stream().map(TrackedBatch::batchId).toList());
        assertEquals(Map.of("ticket", 7), tracker.correlation("b1", "c1"));
        assertEquals(Map.of(), tracker.correlation("b1", "unknown"));

        tracker.complete("b1");
        assertTrue(tracker.pending().isEmpty());
        assertEquals(Map.of(), tracker.correlation("b1", "c1"));
    }

    @Test
    void progressIsMonotonicAndStatusKept() {
        tracker.track(TrackedBatch.submitted("b1", 10), Map.of());
        tracker.recordProgress("b1", 5);
        tracker.recordProgress("b1", 3);
        tracker.markStatus("b1", "processing");
        TrackedBatch batch = tracker.pending().get(0);
        assertEquals(5, batch.deliveredItems());
        assertEquals("processing", batch.lastStatus());
    }

    @Test
    void refusesToTrackTheSameBatchTwice() {
        tracker.track(TrackedBatch.submitted("b1", 1), Map.of());
        assertThrows(IllegalStateException.class, () -> tracker.track(TrackedBatch.submitted("b1", 1), Map.of()));
    }
}
