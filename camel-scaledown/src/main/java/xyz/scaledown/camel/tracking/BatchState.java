package xyz.scaledown.camel.tracking;

import java.util.Locale;

/**
 * Where a batch's one record stands, from its first item to its last delivered result (drawn in
 * docs/architecture.md, "The batch record"). A batch submitted without the aggregation repository starts
 * {@link #POSTING}, one watched by id {@link #SUBMITTED}; from {@link #POSTING} on, the record is keyed by its submit
 * key.
 */
public enum BatchState {
    /** The aggregation repository of the node that owns it adds items. */
    OPEN,
    /** Handed to the route by the aggregator; kept until Camel confirms its exchange, unless submit adopts it. */
    COMPLETED,
    /**
     * The POST is in flight; forgotten when it certainly created nothing. One that a later submit under the same key
     * finds is <em>uncertain</em>: its POST was cut off and may or may not have created the batch.
     */
    POSTING,
    /** The API answered with a batch id; not yet handed to the results side. */
    ANSWERED,
    /** Tracked: the results consumer polls it; its items carry their correlation and delivered flag. */
    SUBMITTED,
    /** Every item accounted for (or not tracked): only the key and the batch id are left, for submitKeyRetention. */
    DELIVERED;

    /** The name stored in the {@code state} column or field. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchState ofStored(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
