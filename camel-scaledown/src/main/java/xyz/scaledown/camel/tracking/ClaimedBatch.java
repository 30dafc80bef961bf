package xyz.scaledown.camel.tracking;

/**
 * A batch due for a poll, taken by {@link BatchTracker#claimDue}: its fields as stored and this node's lease on it,
 * which the poll closes when it is done with the batch.
 */
public record ClaimedBatch(TrackedBatch batch, BatchLease lease) {
}
