package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where submitted batches wait until every submitted item was accounted for: routed as a result or as an error
 * item. The submit producer calls {@link #track}; the results consumer polls {@link #pending()} and, per batch,
 * loads {@link #items} and marks each item as it goes through the route.
 * <p>
 * Every call is small: a store can do each as one statement (per batch: one row of {@link TrackedBatch} fields, one
 * row per submitted item with its custom_id, correlation headers and a delivered flag). Calls about a batch that is
 * not tracked (never, or no longer) are ignored unless stated otherwise. Implementations are thread-safe. Every
 * implementation passes the shared {@code BatchTrackerContractTest}.
 */
public interface BatchTracker {

    /**
     * Registers a batch: its metadata, its submitted custom_ids in submission order (all undelivered), and the headers
     * to restore on each item's result.
     *
     * @param batch        the batch; {@code totalCount} equals {@code customIds.size()}, or is
     *                     {@link TrackedBatch#UNKNOWN_COUNT} with no custom_ids for a batch watched by id
     * @param customIds    the custom_ids in the order they were submitted; unique within the batch
     * @param correlations custom_id -> headers to restore on that item's result (items without any may be absent;
     *                     null values are dropped)
     * @throws IllegalStateException    when the batch id is already tracked
     * @throws IllegalArgumentException when {@code customIds} does not match {@code totalCount} or repeats an id
     */
    void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations);

    /**
     * Tracks, in place, the batch record {@code scaledown:submit} wrote under a submit key ({@link BatchState#POSTING}
     * or {@link BatchState#ANSWERED}): one write makes it {@link BatchState#SUBMITTED} with the batch's fields and the
     * items' correlations, so a crash leaves it tracked or not, never tracked twice. A record already tracked (or
     * delivered) is left as it is; without a record under the key the batch is tracked as a new record under it.
     * This default, for a tracker that wraps another, tracks a record of its own and closes the key's.
     *
     * @param correlations as {@link #track}'s, or null: the record's items already carry their correlations (written
     *                     with the items when the record was an aggregation record the submit adopted), keep them
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

    /**
     * Now on the clock this store's times are on: submit times, next polls and {@code batchTimeout} are compared
     * with it. A store that nodes share gives one clock for all of them (the database's).
     */
    default Instant now() {
        return Instant.now();
    }

    /** Every tracked batch, oldest first: the {@link TrackedBatch} fields only, never the items. */
    List<TrackedBatch> pending();

    /**
     * Claims up to {@code limit} batches due for a poll now (next poll time unset or past), with this node's lease on
     * each, most overdue first. A batch in {@code busy} (one this node is already on) is not claimed. Only due batches
     * are touched: a poll with nothing due costs one statement on the JDBC tracker, whatever the number of pending
     * batches. A store one process reads claims in-process with {@link BatchLease#UNSHARED}.
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

    /**
     * The first {@code limit} tracked batches, oldest first: the page the dev console lists. A store may read only
     * those.
     */
    default List<TrackedBatch> pendingPage(int limit) {
        return pending().stream().limit(limit).toList();
    }

    /**
     * The aggregates the health checks, the dev console and JMX show. The JDBC tracker computes them in one statement;
     * a store one process reads may count in-process.
     */
    default TrackerSummary summary() {
        long batches = 0;
        Instant oldest = null;
        long submitted = 0;
        long delivered = 0;
        long pendingItems = 0;
        for (TrackedBatch batch : pending()) {
            batches++;
            oldest = oldest == null || batch.submittedAt().isBefore(oldest) ? batch.submittedAt() : oldest;
            long done = deliveredCount(batch);
            delivered += done;
            if (batch.hasSubmittedItems()) {
                submitted += batch.totalCount();
                pendingItems += Math.max(0, batch.totalCount() - done);
            }
        }
        return new TrackerSummary(batches, oldest, submitted, delivered, pendingItems);
    }

    /**
     * The batch's submitted custom_ids in submission order with the delivery flag of each, as last recorded by
     * {@link #markDelivered}; {@link BatchItems#none()} for a batch watched by id or not tracked.
     */
    BatchItems items(String batchId);

    /**
     * How many of the batch's items (or, for a batch watched by id, output lines) went through the route. For the
     * operational views; a store may answer it without loading the items.
     */
    default long deliveredCount(TrackedBatch batch) {
        return batch.hasSubmittedItems() ? items(batch.batchId()).deliveredCount() : batch.deliveredLines();
    }

    /** For the operational views: the node holding a live lease on the batch, in a store several nodes share. */
    default Optional<String> leaseHolder(String batchId) {
        return Optional.empty();
    }

    /**
     * Records that the item at {@code itemIndex} (its position in {@link #track}'s {@code customIds}) went through
     * the route, as a result or an error item. Idempotent; the flag never goes back to undelivered. Called once per
     * item, so it must be cheap (one small update); a store that does not force it to disk may lose the latest
     * marks on a power cut, and those items are then delivered again (at least once), never skipped.
     *
     * @throws IndexOutOfBoundsException when the index is outside the batch's items
     */
    void markDelivered(String batchId, int itemIndex);

    /**
     * {@link #markDelivered(String, int)} while this node holds the batch's lease: false, with nothing marked, once
     * another node holds it (the lease is then {@link BatchLease#lost() lost}).
     */
    default boolean markDelivered(BatchLease lease, String batchId, int itemIndex) {
        return whileHeld(lease, () -> markDelivered(batchId, itemIndex));
    }

    /**
     * For a batch watched by id (no submitted items): records that {@code deliveredLines} output lines went through
     * the route, so a restart resumes after them. A lower count than the one recorded is ignored.
     */
    void recordDeliveredLines(String batchId, long deliveredLines);

    /** {@link #recordDeliveredLines(String, long)} while this node holds the lease; false once another node does. */
    default boolean recordDeliveredLines(BatchLease lease, String batchId, long deliveredLines) {
        return whileHeld(lease, () -> recordDeliveredLines(batchId, deliveredLines));
    }

    /** Records the last status seen for the batch (a change only; the same status again may be skipped). */
    void markStatus(String batchId, String status);

    /**
     * Records the batch's back-off: its failed calls (status, output) and route failures in a row, and when it may be
     * polled again ({@code nextPollAt} null: at the next poll). {@code (0, null)} once the batch made progress.
     */
    void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt);

    /**
     * The item's request line as submitted (one JSON line, without the newline), kept with the item when submit was
     * asked to (a results consumer with {@code maxAttempts} > 1 shares the tracker); null when it was not kept.
     */
    default String requestLine(String batchId, int itemIndex) {
        return null;
    }

    /** The headers kept for one item, or an empty map. */
    Map<String, Object> correlation(String batchId, String customId);

    /** Lets a store load one batch's correlations while its results are emitted. */
    default void openCorrelations(String batchId) {
    }

    /** Releases what {@link #openCorrelations(String)} loaded. */
    default void closeCorrelations(String batchId) {
    }

    /**
     * Called when a results consumer starts reading this tracker. A store that only one process may read refuses a
     * second one here, with an error that says why.
     */
    default void openForResults() {
    }

    /** Called when the results consumer reading this tracker stops. */
    default void closeForResults() {
    }

    /**
     * Takes this node's exclusive right to emit the batch's results, or empty when another node holds it. A tracker
     * that one process reads always grants it; the JDBC tracker takes a row lease that the nodes sharing its database
     * respect.
     */
    default Optional<BatchLease> lease(String batchId) {
        return Optional.of(BatchLease.UNSHARED);
    }

    /**
     * Every item of the batch was accounted for: its items go, and its record with them; a record under a submit key
     * keeps only the key ({@link BatchState#DELIVERED}) until {@link SubmitIntents#purge}.
     */
    void complete(String batchId);

    /** {@link #complete(String)} while this node holds the lease; false, with the batch kept, once another node does. */
    default boolean complete(BatchLease lease, String batchId) {
        return whileHeld(lease, () -> complete(batchId));
    }

    /** Runs {@code action} when this node holds {@code lease}: true when it ran, false (nothing done) otherwise. */
    private static boolean whileHeld(BatchLease lease, Runnable action) {
        if (!lease.isHeld()) {
            return false;
        }
        action.run();
        return true;
    }

    /**
     * The submit side of this tracker's batch records: {@code scaledown:submit} writes a batch's record before its
     * POST and its answer after, so no batch is created twice by accident.
     */
    SubmitIntents submitIntents();
}
