package xyz.scaledown.camel.tracking;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The checks and copies every tracker applies to what {@link BatchTracker#track} is given. */
public final class TrackedItems {

    private TrackedItems() {
    }

    /** The custom_ids as an immutable list, after checking they match the batch's count and are unique. */
    public static List<String> checked(TrackedBatch batch, List<String> customIds) {
        List<String> ids = customIds == null ? List.of() : List.copyOf(customIds);
        int expected = batch.hasSubmittedItems() ? batch.totalCount() : 0;
        if (ids.size() != expected) {
            throw new IllegalArgumentException("batch '" + batch.batchId() + "' is tracked with " + ids.size()
                                               + " custom_ids where its total count is " + batch.totalCount());
        }
        Set<String> seen = new HashSet<>(ids.size() * 2);
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("batch '" + batch.batchId() + "' repeats custom_id '" + id + "'");
            }
        }
        return ids;
    }

    /** The correlations without null values or empty header maps, each value passed through {@code storable}. */
    public static Map<String, Map<String, Object>> storedCorrelations(Map<String, Map<String, Object>> correlations,
                                                               UnaryOperator<Object> storable) {
        Map<String, Map<String, Object>> copy = new HashMap<>();
        if (correlations == null) {
            return copy;
        }
        correlations.forEach((customId, headers) -> {
            Map<String, Object> kept = new LinkedHashMap<>();
            if (headers != null) {
                headers.forEach((name, value) -> {
                    if (value != null) {
                        kept.put(name, storable.apply(value));
                    }
                });
            }
            if (!kept.isEmpty()) {
                copy.put(customId, Map.copyOf(kept));
            }
        });
        return copy;
    }

    static List<TrackedBatch> oldestFirst(Stream<TrackedBatch> batches) {
        return batches.sorted(Comparator.comparing(TrackedBatch::submittedAt)).toList();
    }

    /** The element at {@code index}, or null when there is no list or no such element. */
    static <T> T at(List<T> list, int index) {
        return list == null || index < 0 || index >= list.size() ? null : list.get(index);
    }

    public static void checkIndex(String batchId, int itemIndex, int size) {
        if (itemIndex < 0 || itemIndex >= size) {
            throw new IndexOutOfBoundsException("item " + itemIndex + " is outside batch '" + batchId + "' ("
                                                + size + " items)");
        }
    }
}
