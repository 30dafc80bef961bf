package xyz.scaledown.camel.aggregation;

/**
 * One batch as a store keeps it, with its totals.
 *
 * @param exchangeId     the aggregated exchange's id, which names the batch: recovery hands the exchange back under it
 * @param key            the aggregator's correlation key
 * @param envelope       the exchange's headers and properties, see {@link ExchangeEnvelope}
 * @param estimatedBytes the bytes of the items' request lines
 * @param submitKey      the key submit recorded the batch under once it took it, else null: the recovered batch's
 *                       fingerprint, since a delivered batch's items are gone
 */
public record StoredGroup(String exchangeId, String key, byte[] envelope, int itemCount, long estimatedBytes,
        String submitKey) {

    public StoredGroup(String exchangeId, String key, byte[] envelope, int itemCount, long estimatedBytes) {
        this(exchangeId, key, envelope, itemCount, estimatedBytes, null);
    }
}
