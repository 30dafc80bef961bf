package xyz.scaledown.camel.tracking;

import java.time.Instant;

/**
 * A tracker's aggregates for the operational views: {@link BatchTracker#summary()}.
 *
 * @param oldestSubmittedAt null when no batch is tracked
 * @param submittedItems    in the batches whose count is known
 * @param deliveredItems    items, and for batches watched by id output lines, that went through the route
 */
public record TrackerSummary(long batches, Instant oldestSubmittedAt, long submittedItems, long deliveredItems,
                             long pendingItems) {

    public static final TrackerSummary EMPTY = new TrackerSummary(0, null, 0, 0, 0);
}
