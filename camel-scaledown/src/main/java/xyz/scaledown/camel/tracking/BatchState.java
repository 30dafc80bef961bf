package xyz.scaledown.camel.tracking;

import java.util.Locale;

/**
 * Where a batch's one record in the tracker's store stands. A record is keyed by its submit key (a batch watched by id
 * has none and is recorded {@link #SUBMITTED} at once):
 * <pre>
 * POSTING --answer--> ANSWERED --tracked--> SUBMITTED --every item delivered--> DELIVERED --retention--> (gone)
 *    |                    '--(not tracked: trackSubmitted=false)------------------->'
 *    '--nothing created--> (gone)
 * </pre>
 * A {@code POSTING} record that a later submit under the same key finds is <em>uncertain</em>: its POST was cut off
 * and may or may not have created the batch.
 */
public enum BatchState {
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
