package xyz.scaledown.camel.tracking;

import java.util.Locale;

/**
 * Where a batch's one record in the store stands, from its first item to its last delivered result. A record starts
 * {@link #OPEN} when the aggregation repository stores a batch's first items (a batch submitted without it starts
 * {@link #POSTING}, and one watched by id {@link #SUBMITTED}); from {@link #POSTING} on it is keyed by its submit key:
 * <pre>
 * OPEN --completed--> COMPLETED --submit adopts it--> POSTING --answer--> ANSWERED --tracked--> SUBMITTED
 *   (add: items)        '--confirmed, not adopted--> (gone)   |                 |                  |
 *                                                            '--nothing created--> (gone)          |
 *   SUBMITTED --every item delivered--> DELIVERED (key only) --submitKeyRetention--> (gone)
 *   ANSWERED --(not tracked: trackSubmitted=false)--> DELIVERED
 * </pre>
 * A {@code POSTING} record that a later submit under the same key finds is <em>uncertain</em>: its POST was cut off
 * and may or may not have created the batch.
 */
public enum BatchState {
    /** Items are being added by the aggregation repository of the node that owns it. */
    OPEN,
    /** The aggregator completed it and handed it to the route; kept until Camel confirms its exchange. */
    COMPLETED,
    /** The intent is written with the batch's custom_ids; the POST is in flight (or was cut off: uncertain). */
    POSTING,
    /** The API answered with a batch id; the batch is not yet handed to the results side. */
    ANSWERED,
    /** Tracked: the results consumer polls it; its items carry their correlation and delivered flag. */
    SUBMITTED,
    /** Every item was accounted for: only the key and the batch id are left, kept for {@code submitKeyRetention}. */
    DELIVERED;

    /** The name stored in the {@code state} column or field. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchState ofStored(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
