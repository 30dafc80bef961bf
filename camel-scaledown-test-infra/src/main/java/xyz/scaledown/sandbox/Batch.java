package xyz.scaledown.sandbox;

import java.util.List;

/**
 * A submitted batch. Its status follows from the time since submission alone: queued, then
 * processing (counts growing linearly), then how the fault switches chose it to end: completed, failed, expired,
 * cancelled, a made-up status for ever, or forgotten (answered 404).
 */
final class Batch {

    /** The status the {@code madeUpStatusBatchesMatching} switch reports. */
    static final String MADE_UP_STATUS = "paused_by_operator";

    enum State {
        QUEUED, PROCESSING, COMPLETED, FAILED, EXPIRED, CANCELLED, MADE_UP;

        String wireName() {
            return this == MADE_UP ? MADE_UP_STATUS : name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Expired and cancelled batches keep the results of the items processed before they ended. */
        boolean hasPartialOutput() {
            return this == EXPIRED || this == CANCELLED;
        }
    }

    /** How the batch ends once processed. */
    enum Ending { COMPLETE, FAIL, EXPIRE, CANCEL, MADE_UP_STATUS, FORGET }

    /** The status at one moment. */
    record Status(State state, long completedCount, long failedCount) {
    }

    private final String id;
    private final List<StoredItem> items;
    private final long unprocessableCount;
    private final long createdAtEpochSeconds;
    private final long submittedNanos;
    private final long queuedMillis;
    private final long processingMillis;
    private final Ending ending;

    Batch(String id, List<StoredItem> items, long unprocessableCount, long queuedMillis, long processingMillis,
          Ending ending) {
        this.id = id;
        this.items = items;
        this.unprocessableCount = unprocessableCount;
        this.createdAtEpochSeconds = System.currentTimeMillis() / 1000;
        this.submittedNanos = System.nanoTime();
        this.queuedMillis = queuedMillis;
        this.processingMillis = processingMillis;
        this.ending = ending;
    }

    String id() {
        return id;
    }

    List<StoredItem> items() {
        return items;
    }

    long totalCount() {
        return items.size();
    }

    long createdAtEpochSeconds() {
        return createdAtEpochSeconds;
    }

    /** Why the whole batch failed, or null. */
    String failure() {
        return ending == Ending.FAIL ? "sandbox fault: batch " + id + " was set to fail" : null;
    }

    /** Whether the sandbox answers for this batch as if it never knew it (404). */
    boolean isForgotten() {
        return ending == Ending.FORGET;
    }

    /** The items the output holds in this state: all once completed, the first half once expired or cancelled. */
    List<StoredItem> itemsInOutput(State state) {
        return state.hasPartialOutput() ? items.subList(0, items.size() / 2) : items;
    }

    Status statusNow() {
        return statusAfter((System.nanoTime() - submittedNanos) / 1_000_000);
    }

    Status statusAfter(long elapsedMillis) {
        long total = items.size();
        if (elapsedMillis < queuedMillis) {
            return new Status(State.QUEUED, 0, 0);
        }
        long processingFor = elapsedMillis - queuedMillis;
        if (processingFor < processingMillis) {
            long processed = total * processingFor / processingMillis;
            long failed = unprocessableCount * processingFor / processingMillis;
            return new Status(State.PROCESSING, Math.max(0, processed - failed), failed);
        }
        return switch (ending) {
            case FAIL -> new Status(State.FAILED, 0, total);
            case EXPIRE -> new Status(State.EXPIRED, total / 2, 0);
            case CANCEL -> new Status(State.CANCELLED, total / 2, 0);
            case MADE_UP_STATUS -> new Status(State.MADE_UP, 0, 0);
            default -> new Status(State.COMPLETED, total - unprocessableCount, unprocessableCount);
        };
    }
}
