package xyz.scaledown.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The batches of one sandbox, by id ({@code batch_1}, {@code batch_2}, ...). */
final class BatchStore {

    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    String nextId() {
        return "batch_" + sequence.incrementAndGet();
    }

    void put(Batch batch) {
        batches.put(batch.id(), batch);
    }

    Batch get(String id) {
        return batches.get(id);
    }

    /** Forgets every batch, freeing their items; ids keep counting up. */
    void clear() {
        batches.clear();
    }
}
