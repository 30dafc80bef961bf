package xyz.scaledown.camel.aggregation;

import java.util.List;

import org.apache.camel.support.DefaultExchangeHolder;

/**
 * What the repository holds in heap for one batch: the envelope of its exchange and its totals, plus, while it is
 * open, the hashes of its custom ids. Never its items. Changed only under the aggregator's lock.
 */
final class GroupState {

    final String exchangeId;
    final String key;
    final DefaultExchangeHolder envelope;
    /** Null once completed: a completed batch takes no more items. */
    CustomIdHashes customIds;
    int itemCount;
    long estimatedBytes;

    GroupState(String exchangeId, String key, DefaultExchangeHolder envelope, CustomIdHashes customIds) {
        this.exchangeId = exchangeId;
        this.key = key;
        this.envelope = envelope;
        this.customIds = customIds;
    }

    static GroupState of(StoredGroup group, boolean open) {
        GroupState state = new GroupState(group.exchangeId(), group.key(),
                ExchangeEnvelope.fromBytes(group.envelope()), open ? new CustomIdHashes() : null);
        state.itemCount = group.itemCount();
        state.estimatedBytes = group.estimatedBytes();
        return state;
    }

    boolean isOpen() {
        return customIds != null;
    }

    void added(List<StoredItem> items) {
        for (StoredItem item : items) {
            customIds.add(item.customId());
            estimatedBytes += item.requestLine().length;
        }
        itemCount += items.size();
    }
}
