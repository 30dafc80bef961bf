package xyz.scaledown.bench.measure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per batch: when it turned {@code completed} and when its first result reached the sink. With the sandbox's
 * queued and processing times known, a batch turns completed at (submit answered) + queued + processing.
 */
public final class CompletionLatencies {

    private final long queuedPlusProcessingNanos;
    private final Map<String, Long> completedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> firstResultAt = new ConcurrentHashMap<>();

    public CompletionLatencies(long queuedPlusProcessingMillis) {
        this.queuedPlusProcessingNanos = queuedPlusProcessingMillis * 1_000_000;
    }

    public void submitted(String batchId, long nanoTime) {
        completedAt.putIfAbsent(batchId, nanoTime + queuedPlusProcessingNanos);
    }

    public void firstResult(String batchId, long nanoTime) {
        firstResultAt.putIfAbsent(batchId, nanoTime);
    }

    public boolean hasFirstResult(String batchId) {
        return firstResultAt.containsKey(batchId);
    }

    /** Forgets every batch (for the next pass in the same JVM). */
    public void clear() {
        completedAt.clear();
        firstResultAt.clear();
    }

    /** Mean milliseconds from completion to first result over the batches that have both. */
    public double meanMillis() {
        return firstResultAt.entrySet().stream().filter(e -> completedAt.containsKey(e.getKey()))
                .mapToDouble(e -> Math.max(0, e.getValue() - completedAt.get(e.getKey())) / 1e6)
                .average().orElse(Double.NaN);
    }

    public double maxMillis() {
        return firstResultAt.entrySet().stream().filter(e -> completedAt.containsKey(e.getKey()))
                .mapToDouble(e -> Math.max(0, e.getValue() - completedAt.get(e.getKey())) / 1e6)
                .max().orElse(Double.NaN);
    }
}
