package xyz.scaledown.sandbox;

import java.util.List;

/**
 * A submitted batch. Its status follows from the time since submission alone: queued, then
 * processing (counts growing linearly), then completed, or failed when a fault switch chose so.
 */
final class Batch {

    enum State {
        QUEUED, PROCESSING, COMPLETED, FAILED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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
    private final String failure;

    Batch(String id, List<StoredItem> items, long unprocessableCount, long queuedMillis, long processingMillis,
          String failure) {
        this.id = id;
        this.items = items;
        this.unprocessableCount = unprocessableCount;
        this.createdAtEpochSeconds = System.currentTimeMillis() / 1000;
        this.submittedNanos = System.nanoTime();
        this.queuedMillis = queuedMillis;
        this.processingMillis = processingMillis;
        this.failure = failure;
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
        return failure;
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
        if (failure != null) {
            return new Status(State.FAILED, 0, total);
        }
        return new Status(State.COMPLETED, total - unprocessableCount, unprocessableCount);
    }
}
