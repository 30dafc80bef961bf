package xyz.scaledown.camel.aggregation;

/**
 * A shared store refused to change a batch this node held: its node lease ran out (a pause longer than the lease, a
 * cut to the database) and another node took the batch over. The other node submits it; this node forgets it.
 */
public final class BatchTakenOverException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public BatchTakenOverException(String exchangeId, String what) {
        super("ScaleDown aggregation repository: cannot " + what + " batch " + exchangeId + ": another node took it"
                + " over after this node's lease ran out, and submits it. The item that brought this change was not"
                + " stored: hand it in again");
    }
}
