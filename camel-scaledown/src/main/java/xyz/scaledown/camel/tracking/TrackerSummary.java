package xyz.scaledown.camel.tracking;

import java.time.Instant;

/**
 * A tracker's aggregates for the operational views (health, console, JMX), computed by the store:
 * {@link BatchTracker#summary()}.
 *
 * @param batches            the tracked batches
 * @param oldestSubmittedAt  when the oldest of them was tracked, or null when none is
 * @param submittedItems     the items submitted in the batches whose count is known
 * @param deliveredItems     the items (and, for batches watched by id, output lines) that went through the route
 * @param pendingItems       the submitted items not yet delivered
 */
public record TrackerSummary(long batches, Instant oldestSubmittedAt, long submittedItems, long deliveredItems,
                             long pendingItems) {

    public static final TrackerSummary EMPTY = new TrackerSummary(0, null, 0, 0, 0);
}
