package xyz.scaledown.camel.tracking;

import java.time.Instant;

/**
 * What a tracker keeps about one submitted batch while its results are outstanding.
 *
 * @param batchId        the id the API gave the batch
 * @param totalCount     the number of items submitted ({@code -1} when a damaged store could not tell)
 * @param submittedAt    when the batch was tracked
 * @param deliveredItems how many of its result items already went through the route
 * @param lastStatus     the last status seen, or null before the first poll
 */
public record TrackedBatch(String batchId, int totalCount, Instant submittedAt, long deliveredItems, String lastStatus) {

    public static final int UNKNOWN_COUNT = -1;

    public TrackedBatch {
        if (batchId == null || batchId.isBlank()) {
            throw new IllegalArgumentException("a tracked batch needs a batch id");
        }
    }

    public static TrackedBatch submitted(String batchId, int totalCount) {
        return new TrackedBatch(batchId, totalCount, Instant.now(), 0, null);
    }

    public TrackedBatch withDeliveredItems(long delivered) {
        return new TrackedBatch(batchId, totalCount, submittedAt, delivered, lastStatus);
    }

    public TrackedBatch withLastStatus(String status) {
        return new TrackedBatch(batchId, totalCount, submittedAt, deliveredItems, status);
    }
}
