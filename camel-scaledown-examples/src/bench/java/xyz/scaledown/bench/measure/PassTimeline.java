package xyz.scaledown.bench.measure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The moments of one end-to-end pass of the component along the path of its last batch: items handed in, the
 * aggregator completing the batch, the submit answered, the first poll after that, the batch's first result and the
 * last result. {@link #phasesMillis(long)} turns them into consecutive phases that add up to the whole pass.
 */
public final class PassTimeline {

    public static final String HAND_IN = "hand-in";
    public static final String AGGREGATOR_COMPLETION = "aggregator completion";
    public static final String SUBMIT = "submit";
    public static final String FIRST_STATUS_DELAY = "first status call delay";
    public static final String STATUS_TO_FIRST_RESULT = "status + output open to first result";
    public static final String EMISSION = "emission of the results";

    private volatile long start;
    private volatile long handedIn;
    private volatile long lastAggregated;
    private volatile String lastCompletedBy;
    private volatile long lastSubmitted;
    private volatile String lastBatchId;
    private volatile long firstPollAfterLastSubmit;
    private volatile long lastBatchFirstResult;

    public void reset(long startNanos) {
        start = startNanos;
        handedIn = 0;
        lastAggregated = 0;
        lastCompletedBy = null;
        lastSubmitted = 0;
        lastBatchId = null;
        firstPollAfterLastSubmit = 0;
        lastBatchFirstResult = 0;
    }

    public void handedIn(long nanoTime) {
        handedIn = nanoTime;
    }

    public void aggregated(long nanoTime, String completedBy) {
        lastAggregated = nanoTime;
        lastCompletedBy = completedBy;
    }

    /** What completed the last batch in the aggregator ({@code consumer}, {@code timeout}, {@code strategy}...). */
    public String lastCompletedBy() {
        return lastCompletedBy;
    }

    public synchronized void submitted(String batchId, long nanoTime) {
        lastBatchId = batchId;
        lastSubmitted = nanoTime;
        firstPollAfterLastSubmit = 0;
    }

    public synchronized void pollBegan(long nanoTime) {
        if (lastSubmitted != 0 && firstPollAfterLastSubmit == 0) {
            firstPollAfterLastSubmit = nanoTime;
        }
    }

    public void result(String batchId, long nanoTime) {
        if (lastBatchFirstResult == 0 && batchId != null && batchId.equals(lastBatchId)) {
            lastBatchFirstResult = nanoTime;
        }
    }

    /** The phases up to {@code end} (the last result), each from the end of the one before. */
    public Map<String, Double> phasesMillis(long end) {
        Map<String, Double> phases = new LinkedHashMap<>();
        long from = start;
        from = phase(phases, HAND_IN, from, handedIn);
        from = phase(phases, AGGREGATOR_COMPLETION, from, lastAggregated);
        from = phase(phases, SUBMIT, from, lastSubmitted);
        from = phase(phases, FIRST_STATUS_DELAY, from, firstPollAfterLastSubmit);
        from = phase(phases, STATUS_TO_FIRST_RESULT, from, lastBatchFirstResult);
        phase(phases, EMISSION, from, end);
        return phases;
    }

    private static long phase(Map<String, Double> phases, String name, long from, long to) {
        long until = Math.max(from, to);
        phases.put(name, (until - from) / 1e6);
        return until;
    }
}
