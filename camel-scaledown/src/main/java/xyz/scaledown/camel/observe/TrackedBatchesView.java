package xyz.scaledown.camel.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * A snapshot of a tracker's batches as the health checks, the dev console and JMX show them. The one place that reads
 * {@link BatchTracker#pending()} and {@link TrackedBatch} for them, so a change of the tracker's model is made here.
 */
public final class TrackedBatchesView {

    /**
     * One tracked batch.
     *
     * @param submitted items submitted, or -1 when unknown
     * @param lastError the last poll error, or null
     */
    public record BatchView(String batchId, String status, Duration age, long delivered, long submitted,
            String lastError) {

        /** Items still to deliver, 0 when the submitted count is unknown. */
        public long pending() {
            return submitted < 0 ? 0 : Math.max(0, submitted - delivered);
        }
    }

    private final List<BatchView> batches;

    private TrackedBatchesView(List<BatchView> batches) {
        this.batches = batches;
    }

    /** The tracker's batches now, oldest first. */
    public static TrackedBatchesView of(BatchTracker tracker, Function<String, String> lastErrorOfBatch) {
        Instant now = Instant.now();
        List<BatchView> batches = tracker.pending().stream()
                .sorted(Comparator.comparing(TrackedBatch::submittedAt))
                .map(b -> new BatchView(b.batchId(), b.lastStatus() == null ? "submitted" : b.lastStatus(),
                        Duration.between(b.submittedAt(), now), tracker.deliveredCount(b), b.totalCount(),
                        lastErrorOfBatch.apply(b.batchId())))
                .toList();
        return new TrackedBatchesView(batches);
    }

    public static TrackedBatchesView of(BatchTracker tracker) {
        return of(tracker, id -> null);
    }

    public List<BatchView> batches() {
        return batches;
    }

    public int count() {
        return batches.size();
    }

    /** The age of the oldest tracked batch, or zero when none is tracked. */
    public Duration oldestAge() {
        return batches.isEmpty() ? Duration.ZERO : batches.get(0).age();
    }

    public long pendingItems() {
        return batches.stream().mapToLong(BatchView::pending).sum();
    }

    public long deliveredItems() {
        return batches.stream().mapToLong(BatchView::delivered).sum();
    }

    /** Items submitted in the tracked batches whose count is known. */
    public long submittedItems() {
        return batches.stream().mapToLong(b -> Math.max(0, b.submitted())).sum();
    }
}
