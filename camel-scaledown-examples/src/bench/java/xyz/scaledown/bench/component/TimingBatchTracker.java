package xyz.scaledown.bench.component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import xyz.scaledown.bench.measure.CompletionLatencies;
import xyz.scaledown.bench.measure.PassTimeline;
import xyz.scaledown.camel.tracking.BatchItems;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.InMemoryBatchTracker;
import xyz.scaledown.camel.tracking.SubmitIntents;
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
    public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
        long now = System.nanoTime();
        latencies.submitted(batch.batchId(), now);
        timeline.submitted(batch.batchId(), now);
        tracker.track(batch, customIds, correlations);
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
    public BatchItems items(String batchId) {
        return tracker.items(batchId);
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        tracker.markDelivered(batchId, itemIndex);
    }

    @Override
    public void recordDeliveredLines(String batchId, long deliveredLines) {
        tracker.recordDeliveredLines(batchId, deliveredLines);
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        tracker.recordPollFailures(batchId, pollFailures, nextPollAt);
    }

    @Override
    public void markStatus(String batchId, String status) {
        tracker.markStatus(batchId, status);
    }

    @Override
    public void complete(String batchId) {
        tracker.complete(batchId);
    }

    @Override
    public SubmitIntents submitIntents() {
        return tracker.submitIntents();
    }
}
