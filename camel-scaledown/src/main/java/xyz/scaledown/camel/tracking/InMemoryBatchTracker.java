package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The default tracker, gone with the JVM: one {@link Record} per batch, found by its submit key and, once tracked, by
 * its batch id. Every call holds the tracker's monitor, as each is a few steps in heap.
 */
public class InMemoryBatchTracker implements BatchTracker, SubmitIntents {

    /** The records under a submit key, in any state. */
    private final Map<String, Record> byKey = new HashMap<>();
    /** The tracked ({@link BatchState#SUBMITTED}) records. */
    private final Map<String, Record> tracked = new HashMap<>();

    private static final class Record {
        /** Null for a batch tracked without a submit key. */
        final String key;
        final BitSet delivered = new BitSet();
        List<String> customIds;
        /** Null when not kept. */
        List<String> requestLines;
        SubmitIntent intent;
        TrackedBatch batch;
        Map<String, Map<String, Object>> correlations = Map.of();

        Record(String key, List<String> customIds, SubmitIntent intent) {
            this.key = key;
            this.customIds = customIds;
            this.intent = intent;
        }

        void keyOnly() {
            intent = intent.keyOnly();
            customIds = List.of();
            requestLines = null;
            correlations = Map.of();
        }
    }

    // ------------------------------------------------------------------ submit side

    @Override
    public synchronized void record(SubmitIntent intent, List<String> customIds, List<String> requestLines) {
        Record earlier = byKey.get(intent.key());
        if (earlier != null && earlier.intent.state() == BatchState.SUBMITTED) {
            throw new IllegalStateException("submit key " + intent.key() + " is tracked as batch "
                                            + earlier.batch.batchId());
        }
        Record record = new Record(intent.key(), PackedIds.of(customIds), intent);
        record.requestLines = requestLines == null ? null : List.copyOf(requestLines);
        byKey.put(intent.key(), record);
    }

    @Override
    public synchronized Optional<SubmitIntent> find(String key) {
        return Optional.ofNullable(byKey.get(key)).map(record -> record.intent);
    }

    @Override
    public synchronized List<String> customIds(String key) {
        Record record = byKey.get(key);
        return record == null ? List.of() : record.customIds;
    }

    @Override
    public synchronized void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        Record record = recordIn(key, BatchState.POSTING);
        if (record != null) {
            record.intent = record.intent.answered(fingerprint, submission);
        }
    }

    @Override
    public synchronized void recordTracked(String key) {
        Record record = recordIn(key, BatchState.ANSWERED);
        if (record != null) {
            record.keyOnly();
        }
    }

    @Override
    public synchronized void forget(String key) {
        if (recordIn(key, BatchState.POSTING) != null) {
            byKey.remove(key);
        }
    }

    /** The key's record when it is in {@code state}, else null. */
    private Record recordIn(String key, BatchState state) {
        Record record = byKey.get(key);
        return record != null && record.intent.state() == state ? record : null;
    }

    @Override
    public synchronized void purge(Instant cutoff) {
        byKey.values().removeIf(record -> record.intent.state() != BatchState.SUBMITTED
                                          && record.intent.recordedAt().isBefore(cutoff));
    }

    @Override
    public SubmitIntents submitIntents() {
        return this;
    }

    // ------------------------------------------------------------------ results side

    @Override
    public synchronized void track(TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        startTracking(new Record(null, PackedIds.of(TrackedItems.checked(batch, customIds)), null), batch,
                correlations);
    }

    @Override
    public synchronized void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        Record record = byKey.computeIfAbsent(submitKey, key -> new Record(key,
                PackedIds.of(TrackedItems.checked(batch, customIds)), SubmitIntent.before(key, customIds.size())));
        if (record.intent.tracked()) {
            return;
        }
        try {
            startTracking(record, batch, correlations);
        } catch (IllegalStateException sameBatchId) {
            recordTracked(submitKey); // the batch id is tracked under another record, with its items
        }
    }

    private void startTracking(Record record, TrackedBatch batch, Map<String, Map<String, Object>> correlations) {
        if (tracked.putIfAbsent(batch.batchId(), record) != null) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
        record.batch = batch;
        record.correlations = TrackedItems.storedCorrelations(correlations, UnaryOperator.identity());
        if (record.key != null) {
            record.intent = record.intent.trackedAs(batch);
        }
    }

    @Override
    public synchronized List<TrackedBatch> pending() {
        return TrackedItems.oldestFirst(tracked.values().stream().map(record -> record.batch));
    }

    @Override
    public synchronized BatchItems items(String batchId) {
        Record record = tracked.get(batchId);
        return record == null ? BatchItems.none() : new BatchItems(record.customIds, record.delivered);
    }

    @Override
    public synchronized void markDelivered(String batchId, int itemIndex) {
        Record record = tracked.get(batchId);
        if (record != null) {
            TrackedItems.checkIndex(batchId, itemIndex, record.customIds.size());
            record.delivered.set(itemIndex);
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

    private synchronized void update(String batchId, UnaryOperator<TrackedBatch> change) {
        Record record = tracked.get(batchId);
        if (record != null) {
            record.batch = change.apply(record.batch);
        }
    }

    @Override
    public synchronized String requestLine(String batchId, int itemIndex) {
        Record record = tracked.get(batchId);
        return TrackedItems.at(record == null ? null : record.requestLines, itemIndex);
    }

    @Override
    public synchronized Map<String, Object> correlation(String batchId, String customId) {
        Record record = tracked.get(batchId);
        Map<String, Object> headers = record == null ? null : record.correlations.get(customId);
        return headers == null ? Map.of() : headers;
    }

    @Override
    public synchronized void complete(String batchId) {
        Record record = tracked.remove(batchId);
        if (record != null && record.key != null) {
            record.keyOnly();
        }
    }
}
