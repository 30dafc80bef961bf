package xyz.scaledown.camel.tracking;

import java.time.Instant;

/**
 * What a tracker keeps about one batch while its results are outstanding, beside its items ({@link BatchItems}).
 *
 * @param totalCount     the number of items submitted; {@link #UNKNOWN_COUNT} for a batch watched by id
 *                       ({@code batchId=} option) whose items were not submitted through this tracker
 * @param submittedAt    when the batch was tracked; {@code batchTimeout} counts from here
 * @param lastStatus     the last status seen, or null before the first poll
 * @param pollFailures   the batch's one failure counter: calls (status, output) and route failures in a row since
 *                       the batch last made progress; its back-off grows with it
 * @param nextPollAt     the earliest time the batch is polled again (its own back-off), or null for the next poll
 * @param deliveredLines for a batch watched by id only: how many output lines already went through the route
 */
public record TrackedBatch(String batchId, int totalCount, Instant submittedAt, String lastStatus, int pollFailures,
                           Instant nextPollAt, long deliveredLines) {

    public static final int UNKNOWN_COUNT = -1;

    public TrackedBatch {
        if (batchId == null || batchId.isBlank()) {
            throw new IllegalArgumentException("a tracked batch needs a batch id");
        }
        if (submittedAt == null) {
            throw new IllegalArgumentException("tracked batch '" + batchId + "' needs a submit time");
        }
    }

    public static TrackedBatch submitted(String batchId, int totalCount, String status) {
        return submitted(batchId, totalCount, status, Instant.now());
    }

    /** @param submittedAt on the tracker's clock ({@link BatchTracker#now()}) */
    public static TrackedBatch submitted(String batchId, int totalCount, String status, Instant submittedAt) {
        return new TrackedBatch(batchId, totalCount, submittedAt, status, 0, null, 0);
    }

    /** A batch watched by id, whose items this tracker does not know: every output line is routed. */
    public static TrackedBatch watched(String batchId) {
        return watched(batchId, Instant.now());
    }

    /** @param since on the tracker's clock ({@link BatchTracker#now()}) */
    public static TrackedBatch watched(String batchId, Instant since) {
        return new TrackedBatch(batchId, UNKNOWN_COUNT, since, null, 0, null, 0);
    }

    /** True when the tracker holds the submitted custom_ids, so every item can be accounted for. */
    public boolean hasSubmittedItems() {
        return totalCount != UNKNOWN_COUNT;
    }

    public TrackedBatch withLastStatus(String status) {
        return new TrackedBatch(batchId, totalCount, submittedAt, status, pollFailures, nextPollAt, deliveredLines);
    }

    public TrackedBatch withPollFailures(int failures, Instant nextPoll) {
        return new TrackedBatch(batchId, totalCount, submittedAt, lastStatus, failures, nextPoll, deliveredLines);
    }

    public TrackedBatch withDeliveredLines(long lines) {
        return new TrackedBatch(batchId, totalCount, submittedAt, lastStatus, pollFailures, nextPollAt, lines);
    }
}
