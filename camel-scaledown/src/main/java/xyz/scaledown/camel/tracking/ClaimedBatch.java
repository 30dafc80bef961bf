package xyz.scaledown.camel.tracking;

/** A batch due for a poll with this node's lease on it, which the poll closes when done: {@link BatchTracker#claimDue}. */
public record ClaimedBatch(TrackedBatch batch, BatchLease lease) {
}
