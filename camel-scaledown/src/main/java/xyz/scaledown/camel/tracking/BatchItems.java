package xyz.scaledown.camel.tracking;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch's submitted custom_ids, in submission order, and which of them already went through the route. Loaded for
 * one batch at a time while its output is routed. A snapshot: the tracker is updated with
 * {@link BatchTracker#markDelivered}, this copy with {@link #markDelivered(int)}.
 */
public final class BatchItems {

    private static final BatchItems NONE = new BatchItems(List.of(), new BitSet());

    private final List<String> customIds;
    private final BitSet delivered;
    private Map<String, Integer> indexes;
    /** Where the next custom_id is looked for first: outputs usually answer in submission order. */
    private int expectedNext;

    public BatchItems(List<String> customIds, BitSet delivered) {
        // packed ids are immutable already, and a copy would make every string again
        this.customIds = customIds instanceof PackedIds ? customIds : List.copyOf(customIds);
        this.delivered = (BitSet) delivered.clone();
        if (this.delivered.length() > this.customIds.size()) {
            this.delivered.clear(this.customIds.size(), this.delivered.length());
        }
    }

    public static BatchItems none() {
        return NONE;
    }

    /** An independent copy: marking one does not mark the other. */
    public BatchItems copy() {
        return new BatchItems(customIds, delivered);
    }

    public int size() {
        return customIds.size();
    }

    public boolean isEmpty() {
        return customIds.isEmpty();
    }

    public String customId(int index) {
        return customIds.get(index);
    }

    /** -1 when it was not submitted in this batch. */
    public int indexOf(String customId) {
        if (customId == null) {
            return -1;
        }
        if (expectedNext < customIds.size() && customId.equals(customIds.get(expectedNext))) {
            return expectedNext++;
        }
        if (indexes == null) {
            Map<String, Integer> map = new HashMap<>(customIds.size() * 2);
            for (int i = 0; i < customIds.size(); i++) {
                map.put(customIds.get(i), i);
            }
            indexes = map;
        }
        Integer index = indexes.get(customId);
        if (index == null) {
            return -1;
        }
        expectedNext = index + 1;
        return index;
    }

    public boolean isDelivered(int index) {
        return delivered.get(index);
    }

    public void markDelivered(int index) {
        delivered.set(index);
    }

    public int deliveredCount() {
        return delivered.cardinality();
    }

    /** The first item not yet delivered at or after {@code from}, or -1. */
    public int nextUndelivered(int from) {
        int next = delivered.nextClearBit(from);
        return next < customIds.size() ? next : -1;
    }
}
