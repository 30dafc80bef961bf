package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The default tracker: thread-safe, gone with the JVM. One {@link Record} per batch, found by its submit key and, once
 * tracked, by its batch id.
 */
public class InMemoryBatchTracker implements BatchTracker, SubmitIntents {

    /** The records under a submit key, in any state. */
    private final Map<String, Record> byKey = new ConcurrentHashMap<>();
    /** The tracked ({@link BatchState#SUBMITTED}) records. */
    private final Map<String, Record> tracked = new ConcurrentHashMap<>();

    /** One batch; guarded by its own monitor. */
    private static final class Record {
        final String key;
        final BitSet delivered = new BitSet();
        /** Replaced under the record's monitor; read without it. */
        volatile List<String> customIds;
        /** Null when not kept. */
        volatile List<String> requestLines;
        volatile SubmitIntent intent;
        volatile TrackedBatch batch;
        volatile Map<String, Map<String, Object>> correlations = Map.of();

        Record(String key, List<String> customIds, SubmitIntent intent) {
            this.key = key;
            this.customIds = customIds;
            this.intent = intent;
        }

        /** Under the record's monitor. */
        void keyOnly() {
            intent = intent.keyOnly();
            customIds = List.of();
            requestLines = null;
            correlations = Map.of();
        }
    }

    // ------------------------------------------------------------------ submit side

    @Override
    public void record(SubmitIntent intent, List<String> customIds, List<String> requestLines) {
        byKey.compute(intent.key(), (key, earlier) -> {
            if (earlier != null && earlier.intent.state() == BatchState.SUBMITTED) {
                throw new IllegalStateException("submit key " + key + " is tracked as batch "
                                                + earlier.batch.batchId());
            }
            Record record = new Record(key, PackedIds.of(customIds), intent);
            record.requestLines = requestLines == null ? null : List.copyOf(requestLines);
            return record;
        });
    }

    @Override
    public Optional<SubmitIntent> find(String key) {
        return Optional.ofNullable(byKey.get(key)).map(record -> record.intent);
    }

    @Override
    public List<String> customIds(String key) {
        Record record = byKey.get(key);
        return record == null ? List.of() : record.customIds;
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        changeRecord(key, BatchState.POSTING, record -> record.intent = record.intent.answered(fingerprint, submission));
    }

    @Override
    public void recordTracked(String key) {
        changeRecord(key, BatchState.ANSWERED, Record::keyOnly);
    }

    /** Applies {@code change} to the key's record, under its monitor, when the record is in state {@code from}. */
    private void changeRecord(String key, BatchState from, Consumer<Record> change) {
        Record record = byKey.get(key);
        if (record != null) {
            synchronized (record) {
                if (record.intent.state() == from) {
                    change.accept(record);
                }
            }
        }
    }

    @Override
    public void forget(String key) {
        byKey.computeIfPresent(key, (k, record) -> record.intent.state() == BatchState.POSTING ? null : record);
    }

    @Override
    public void purge(Instant cutoff) {
        byKey.values().removeIf(record -> record.intent.state() != BatchState.SUBMITTED
                                          && record.intent.recordedAt().isBefore(cutoff));
    }

    @Override
    public SubmitIntents submitIntents() {
        return this;
    }

    // ------------------------------------------------------------------ results side

    @Override
    public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
        Record record = new Record(null, PackedIds.of(TrackedItems.checked(batch, customIds)), null);
        startTracking(record, batch, correlations);
    }

    @Override
    public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        Record record = byKey.computeIfAbsent(submitKey, key -> new Record(key,
                PackedIds.of(TrackedItems.checked(batch, customIds)), SubmitIntent.before(key, customIds.size())));
        synchronized (record) {
            if (!record.intent.tracked()) {
                try {
                    startTracking(record, batch, correlations);
                } catch (IllegalStateException sameBatchId) {
                    recordTracked(submitKey); // the batch id is tracked under another record, with its items
                }
            }
        }
    }

    private void startTracking(Record record, TrackedBatch batch, Map<String, Map<String, Object>> correlations) {
        synchronized (record) {
            if (tracked.putIfAbsent(batch.batchId(), record) != null) {
                throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
            }
            record.batch = batch;
            record.correlations = TrackedItems.storedCorrelations(correlations, value -> value);
            if (record.key != null) {
                record.intent = record.intent.trackedAs(batch);
            }
        }
    }

    @Override
    public List<TrackedBatch> pending() {
        return TrackedItems.oldestFirst(tracked.values().stream().map(record -> record.batch));
    }

    @Override
    public BatchItems items(String batchId) {
        Record record = tracked.get(batchId);
        if (record == null) {
            return BatchItems.none();
        }
        synchronized (record) {
            return new BatchItems(record.customIds, record.delivered);
        }
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        onTracked(batchId, record -> {
            TrackedItems.checkIndex(batchId, itemIndex, record.customIds.size());
            record.delivered.set(itemIndex);
        });
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
        onTracked(batchId, record -> record.batch = change.apply(record.batch));
    }

    /** Runs {@code action} on the tracked batch's record under its monitor; nothing when it is not tracked. */
    private void onTracked(String batchId, Consumer<Record> action) {
        Record record = tracked.get(batchId);
        if (record != null) {
            synchronized (record) {
                action.accept(record);
            }
        }
    }

    @Override
    public String requestLine(String batchId, int itemIndex) {
        Record record = tracked.get(batchId);
        return TrackedItems.at(record == null ? null : record.requestLines, itemIndex);
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Record record = tracked.get(batchId);
        Map<String, Object> headers = record == null ? null : record.correlations.get(customId);
        return headers == null ? Map.of() : headers;
    }

    @Override
    public void complete(String batchId) {
        onTracked(batchId, record -> {
            if (record.key != null) {
                record.keyOnly();
            }
            tracked.remove(batchId);
        });
    }
}
