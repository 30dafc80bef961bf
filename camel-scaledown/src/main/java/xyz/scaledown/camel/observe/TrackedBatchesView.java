package xyz.scaledown.camel.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;
import xyz.scaledown.camel.tracking.TrackerSummary;

/**
 * A snapshot of a tracker's batches as the health checks, the dev console and JMX show them: the aggregates the store
 * computes ({@link BatchTracker#summary()}, one statement with the JDBC tracker) and, for the console, the first page
 * of batches. The one place that reads {@link BatchTracker} and {@link TrackedBatch} for them, so a change of the
 * tracker's model is made here.
 */
public final class TrackedBatchesView {

    /** The most batches a view lists; the aggregates count them all. */
    public static final int PAGE_SIZE = 100;

    /**
     * One tracked batch.
     *
     * @param submitted items submitted, or -1 when unknown
     * @param lastError  the last poll error, or null
     * @param leaseOwner the node emitting it now, in a store several nodes share; null when none holds a lease
     */
    public record BatchView(String batchId, String status, Duration age, long delivered, long submitted,
            String lastError, String leaseOwner) {

        /** Items still to deliver, 0 when the submitted count is unknown. */
        public long pending() {
            return submitted < 0 ? 0 : Math.max(0, submitted - delivered);
        }
    }

    private final TrackerSummary summary;
    private final Instant now;
    private final List<BatchView> batches;

    private TrackedBatchesView(TrackerSummary summary, Instant now, List<BatchView> batches) {
        this.summary = summary;
        this.now = now;
        this.batches = batches;
    }

    /** The tracker's aggregates and its first {@link #PAGE_SIZE} batches now, oldest first. */
    public static TrackedBatchesView of(BatchTracker tracker, Function<String, String> lastErrorOfBatch) {
        Instant now = Instant.now();
        List<BatchView> batches = tracker.pendingPage(PAGE_SIZE).stream()
                .map(b -> new BatchView(b.batchId(), b.lastStatus() == null ? "submitted" : b.lastStatus(),
                        Duration.between(b.submittedAt(), now), tracker.deliveredCount(b), b.totalCount(),
                        lastErrorOfBatch.apply(b.batchId()), tracker.leaseHolder(b.batchId()).orElse(null)))
                .toList();
        return new TrackedBatchesView(tracker.summary(), now, batches);
    }

    public static TrackedBatchesView of(BatchTracker tracker) {
        return of(tracker, id -> null);
    }

    /** The aggregates only, no batch listed: what the health checks and JMX read. */
    public static TrackedBatchesView summaryOf(BatchTracker tracker) {
        return new TrackedBatchesView(tracker.summary(), Instant.now(), List.of());
    }

    /** At most {@link #PAGE_SIZE} batches, the oldest; none for {@link #summaryOf}. */
    public List<BatchView> batches() {
        return batches;
    }

    /** Every tracked batch, listed or not. */
    public int count() {
        return Math.toIntExact(summary.batches());
    }

    /** The age of the oldest tracked batch, or zero when none is tracked. */
    public Duration oldestAge() {
        return summary.oldestSubmittedAt() == null ? Duration.ZERO : Duration.between(summary.oldestSubmittedAt(), now);
    }

    public long pendingItems() {
        return summary.pendingItems();
    }

    public long deliveredItems() {
        return summary.deliveredItems();
    }

    /** Items submitted in the tracked batches whose count is known. */
    public long submittedItems() {
        return summary.submittedItems();
    }
}
