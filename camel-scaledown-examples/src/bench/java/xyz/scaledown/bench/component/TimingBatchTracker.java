package xyz.scaledown.bench.component;

import java.util.List;
import java.util.Map;

import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.PassTimeline;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.InMemoryBatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/** The in-memory tracker, noting when each batch was tracked (right after its submit was answered). */
final class TimingBatchTracker implements BatchTracker {

    private final BatchTracker tracker = new InMemoryBatchTracker();
    private final CompletionLatencies latencies;
    private final PassTimeline timeline;

    TimingBatchTracker(CompletionLatencies latencies, PassTimeline timeline) {
        this.latencies = latencies;
        this.timeline = timeline;
    }

    @Override
    public void track(TrackedBatch batch, Map<String, Map<String, Object>> correlations) {
        long now = System.nanoTime();
        latencies.submitted(batch.batchId(), now);
        timeline.submitted(batch.batchId(), now);
        tracker.track(batch, correlations);
    }

    @Override
    public List<TrackedBatch> pending() {
        return tracker.pending();
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        return tracker.correlation(batchId, customId);
    }

    @Override
    public void recordProgress(String batchId, long deliveredItems) {
        tracker.recordProgress(batchId, deliveredItems);
    }

    @Override
    public void markStatus(String batchId, String status) {
        tracker.markStatus(batchId, status);
    }

    @Override
    public void complete(String batchId) {
        tracker.complete(batchId);
    }
}
