package xyz.scaledown.camel.tracking;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default tracker: thread-safe, gone with the JVM.
 */
public class InMemoryBatchTracker implements BatchTracker {

    private final Map<String, TrackedBatch> batches = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> correlations = new ConcurrentHashMap<>();

    @Override
    public void track(TrackedBatch batch, Map<String, Map<String, Object>> itemCorrelations) {
        if (batches.putIfAbsent(batch.batchId(), batch) != null) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        if (itemCorrelations != null) {
            itemCorrelations.forEach((id, headers) -> copy.put(id, Map.copyOf(withoutNulls(headers))));
        }
        correlations.put(batch.batchId(), copy);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> headers) {
        Map<String, Object> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (value != null) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    @Override
    public List<TrackedBatch> pending() {
        return batches.values().stream().sorted(Comparator.comparing(TrackedBatch::submittedAt)).toList();
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Map<String, Map<String, Object>> ofBatch = correlations.get(batchId);
        Map<String, Object> headers = ofBatch == null ? null : ofBatch.get(customId);
        return headers == null ? Map.of() : headers;
    }

    @Override
    public void recordProgress(String batchId, long deliveredItems) {
        batches.computeIfPresent(batchId,
                (id, batch) -> deliveredItems > batch.deliveredItems() ? batch.withDeliveredItems(deliveredItems) : batch);
    }

    @Override
    public void markStatus(String batchId, String status) {
        batches.computeIfPresent(batchId, (id, batch) -> batch.withLastStatus(status));
    }

    @Override
    public void complete(String batchId) {
        batches.remove(batchId);
        correlations.remove(batchId);
    }
}
