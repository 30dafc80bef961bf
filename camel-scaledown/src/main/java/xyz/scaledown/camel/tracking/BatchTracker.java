package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The results side of the batch records: where submitted batches wait until every submitted item was accounted for,
 * routed as a result or as an error item. Every call is small, one statement for a database (per batch one row of
 * {@link TrackedBatch} fields, one per item with its custom_id, correlation headers and a delivered flag). Calls about
 * a batch not tracked (never, or no longer) are ignored unless stated otherwise. Thread-safe; every implementation
 * passes {@code BatchTrackerContractTest}. The defaults suit a store that one process reads.
 */
public interface BatchTracker {

    /**
     * @param batch        {@code totalCount} is {@code customIds.size()}, or {@link TrackedBatch#UNKNOWN_COUNT} with no
     *                     custom_ids for a batch watched by id
     * @param customIds    in submission order, unique, all undelivered
     * @param correlations custom_id -> headers to restore on that item's result (null values are dropped)
     * @throws IllegalStateException    when the batch id is already tracked
     * @throws IllegalArgumentException when {@code customIds} does not match {@code totalCount} or repeats an id
     */
    void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations);

    /**
     * Tracks, in place, the record {@code scaledown:submit} wrote under a submit key: one write makes it
     * {@link BatchState#SUBMITTED}, so a crash leaves it tracked or not, never tracked twice. A record already tracked
     * (or delivered) is left as it is; without a record the batch is tracked as a new record under the key. This
     * default, for a tracker that wraps another, tracks a record of its own and closes the key's.
     *
     * @param correlations as {@link #track}'s, or null: the record's items carry theirs since they were added (an
     *                     aggregation record the submit adopted)
     */
    default void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        try {
            track(batch, customIds, correlations == null ? Map.of() : correlations);
        } catch (IllegalStateException alreadyTracked) {
            // tracked by an earlier attempt
        }
        submitIntents().recordTracked(submitKey);
    }

    /** The clock submit times, next polls and {@code batchTimeout} are on; one for all the nodes sharing a store. */
    default Instant now() {
        return Instant.now();
    }

    /** Every tracked batch, oldest first, without its items. */
    List<TrackedBatch> pending();

    /**
     * Up to {@code limit} batches due for a poll (next poll time unset or past), most overdue first, with this node's
     * lease on each; none in {@code busy} (this node is on it already). A store several nodes share touches only the
     * due batches: a poll with nothing due costs one statement, whatever the number pending.
     */
    default List<ClaimedBatch> claimDue(int limit, Predicate<String> busy) {
        Instant now = Instant.now();
        return pending().stream()
                .filter(b -> b.nextPollAt() == null || !b.nextPollAt().isAfter(now))
                .filter(b -> !busy.test(b.batchId()))
                .sorted(Comparator.comparing(TrackedBatch::nextPollAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .limit(limit)
                .map(b -> new ClaimedBatch(b, BatchLease.UNSHARED))
                .toList();
    }

    /** The page the dev console lists: a store may read only those. */
    default List<TrackedBatch> pendingPage(int limit) {
        return pending().stream().limit(limit).toList();
    }

    /** For the health checks, the dev console and JMX; a shared store computes them in one statement. */
    default TrackerSummary summary() {
        List<TrackedBatch> batches = pending();
        long submitted = 0;
        long delivered = 0;
        long pendingItems = 0;
        for (TrackedBatch batch : batches) {
            long done = deliveredCount(batch);
            delivered += done;
            if (batch.hasSubmittedItems()) {
                submitted += batch.totalCount();
                pendingItems += Math.max(0, batch.totalCount() - done);
            }
        }
        Instant oldest = batches.isEmpty() ? null : batches.get(0).submittedAt();
        return new TrackerSummary(batches.size(), oldest, submitted, delivered, pendingItems);
    }

    /** {@link BatchItems#none()} for a batch watched by id or not tracked. */
    BatchItems items(String batchId);

    /** Items (for a batch watched by id, output lines) that went through the route, for the operational views. */
    default long deliveredCount(TrackedBatch batch) {
        return batch.hasSubmittedItems() ? items(batch.batchId()).deliveredCount() : batch.deliveredLines();
    }

    /** For the operational views: the node holding a live lease on the batch in a store several nodes share. */
    default Optional<String> leaseHolder(String batchId) {
        return Optional.empty();
    }

    /**
     * The item at {@code itemIndex} went through the route, as a result or an error item. Idempotent, never undone.
     * Once per item, so one small update: a store that does not force it to disk may lose the latest marks on a power
     * cut, and those items are delivered again (at least once), never skipped.
     *
     * @throws IndexOutOfBoundsException when the index is outside the batch's items
     */
    void markDelivered(String batchId, int itemIndex);

    /** While this node holds the lease: false, nothing marked, once another node does ({@link BatchLease#lost()}). */
    default boolean markDelivered(BatchLease lease, String batchId, int itemIndex) {
        return whileHeld(lease, () -> markDelivered(batchId, itemIndex));
    }

    /**
     * For a batch watched by id: {@code deliveredLines} output lines went through the route, so a restart resumes
     * after them. A lower count than the one recorded is ignored.
     */
    void recordDeliveredLines(String batchId, long deliveredLines);

    /** While this node holds the lease; false once another node does. */
    default boolean recordDeliveredLines(BatchLease lease, String batchId, long deliveredLines) {
        return whileHeld(lease, () -> recordDeliveredLines(batchId, deliveredLines));
    }

    /** A change only: the same status again may be skipped. */
    void markStatus(String batchId, String status);

    /**
     * The batch's back-off: its failed calls (status, output) and route failures in a row, and when it may be polled
     * again ({@code nextPollAt} null: at the next poll). {@code (0, null)} once the batch made progress.
     */
    void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt);

    /**
     * The item's request line as submitted, without the newline, for a follow-up batch; null when submit did not keep
     * it (it keeps it when a results consumer with {@code maxAttempts} > 1 shares the tracker).
     */
    default String requestLine(String batchId, int itemIndex) {
        return null;
    }

    /** Empty when none were kept. */
    Map<String, Object> correlation(String batchId, String customId);

    /** Lets a store load one batch's correlations at once while its results are emitted. */
    default void openCorrelations(String batchId) {
    }

    default void closeCorrelations(String batchId) {
    }

    /** A results consumer starts reading this tracker. */
    default void openForResults() {
    }

    default void closeForResults() {
    }

    /** This node's exclusive right to emit the batch's results, or empty when another node holds it. */
    default Optional<BatchLease> lease(String batchId) {
        return Optional.of(BatchLease.UNSHARED);
    }

    /**
     * Every item was accounted for: the items go, and the record with them; a record under a submit key keeps only the
     * key ({@link BatchState#DELIVERED}) until {@link SubmitIntents#purge}.
     */
    void complete(String batchId);

    /** While this node holds the lease; false, the batch kept, once another node does. */
    default boolean complete(BatchLease lease, String batchId) {
        return whileHeld(lease, () -> complete(batchId));
    }

    private static boolean whileHeld(BatchLease lease, Runnable action) {
        if (!lease.isHeld()) {
            return false;
        }
        action.run();
        return true;
    }

    /** The submit side of the same records. */
    SubmitIntents submitIntents();
}
