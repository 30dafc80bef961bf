package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The default tracker: thread-safe, gone with the JVM.
 */
public class InMemoryBatchTracker implements BatchTracker {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SubmitIntents submitIntents = new InMemorySubmitIntents();

    /** One tracked batch; guarded by its own monitor. */
    private static final class Entry {
        /** Replaced under the entry's monitor; read without it. */
        volatile TrackedBatch batch;
        final List<String> customIds;
        final BitSet delivered = new BitSet();
        final Map<String, Map<String, Object>> correlations;

        Entry(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
            this.batch = batch;
            this.customIds = customIds;
            this.correlations = correlations;
        }
    }

    @Override
    public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
        List<String> ids = PackedIds.of(TrackedItems.checked(batch, customIds));
        Entry entry = new Entry(batch, ids, TrackedItems.storedCorrelations(correlations, value -> value));
        if (entries.putIfAbsent(batch.batchId(), entry) != null) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
    }

    @Override
    public List<TrackedBatch> pending() {
        return TrackedItems.oldestFirst(entries.values().stream().map(entry -> entry.batch));
    }

    @Override
    public BatchItems items(String batchId) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return BatchItems.none();
        }
        synchronized (entry) {
            return new BatchItems(entry.customIds, entry.delivered);
        }
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            TrackedItems.checkIndex(batchId, itemIndex, entry.customIds.size());
            entry.delivered.set(itemIndex);
        }
    }

    @Override
    public void recordDeliveredLines(String batchId, long deliveredLines) {
        update(batchId, batch -> deliveredLines > batch.deliveredLines() ? batch.withDeliveredLines(deliveredLines)
                : batch);
    }

    @Override
    public void markStatus(String batchId, String status) {
        update(batchId, batch -> batch.withLastStatus(status));
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        update(batchId, batch -> batch.withPollFailures(pollFailures, nextPollAt));
    }

    private void update(String batchId, UnaryOperator<TrackedBatch> change) {
        Entry entry = entries.get(batchId);
        if (entry != null) {
            synchronized (entry) {
                entry.batch = change.apply(entry.batch);
            }
        }
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Entry entry = entries.get(batchId);
        Map<String, Object> headers = entry == null ? null : entry.correlations.get(customId);
        return headers == null ? Map.of() : headers;
    }

    @Override
    public void complete(String batchId) {
        entries.remove(batchId);
    }

    @Override
    public SubmitIntents submitIntents() {
        return submitIntents;
    }
}
