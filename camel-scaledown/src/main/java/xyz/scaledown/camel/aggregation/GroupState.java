package xyz.scaledown.camel.aggregation;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.apache.camel.support.DefaultExchangeHolder;

import xyz.scaledown.camel.batching.Sha256;

/**
 * What the repository holds in heap for one batch, never its items: the envelope of its exchange, its totals and,
 * while it is open, the hashes of its custom ids. Changed only under the aggregator's lock.
 */
final class GroupState {

    final String exchangeId;
    final DefaultExchangeHolder envelope;
    /** Null once completed: a completed batch takes no more items. */
    CustomIdHashes customIds;
    int itemCount;
    long estimatedBytes;
    /** Over the request lines as they are stored, so submit knows the batch's fingerprint without reading it back. */
    private MessageDigest digest;
    /**
     * The digest's result once completed; for a batch recovered from the store, the key submit recorded it under (null
     * before: submit then digests it itself).
     */
    String fingerprint;

    private GroupState(String exchangeId, DefaultExchangeHolder envelope, boolean open) {
        this.exchangeId = exchangeId;
        this.envelope = envelope;
        this.customIds = open ? new CustomIdHashes() : null;
    }

    static GroupState opened(String exchangeId, DefaultExchangeHolder envelope) {
        GroupState state = new GroupState(exchangeId, envelope, true);
        state.digest = Sha256.newDigest();
        return state;
    }

    static GroupState of(StoredGroup group, boolean open) {
        GroupState state = new GroupState(group.exchangeId(), ExchangeEnvelope.fromBytes(group.envelope()), open);
        state.itemCount = group.itemCount();
        state.estimatedBytes = group.estimatedBytes();
        state.fingerprint = group.submitKey();
        return state;
    }

    boolean isOpen() {
        return customIds != null;
    }

    void added(List<StoredItem> items) {
        for (StoredItem item : items) {
            customIds.add(item.customId());
            estimatedBytes += item.requestLine().length;
            if (digest != null) {
                digest.update(item.requestLine());
            }
        }
        itemCount += items.size();
    }

    void complete() {
        customIds = null;
        if (digest != null) {
            fingerprint = HexFormat.of().formatHex(digest.digest());
            digest = null;
        }
    }
}
