package xyz.scaledown.camel.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import xyz.scaledown.camel.ScaleDownException;

/**
 * What one endpoint's API calls did lately: the last call, whether the API refuses the key, how many calls in a row
 * failed with an error a retry will not fix, and the last error of each batch it polls. The health checks and the
 * dev console read it.
 */
public final class EndpointActivity implements ScaleDownObserver {

    /** The last call: its operation, outcome, HTTP status (0 without an answer) and end time. */
    public record LastCall(String operation, ApiCallOutcome outcome, int httpStatus, Instant at) {
    }

    /** A follow-up batch this endpoint sent: the batch its items came from, their attempt, count and codes. */
    public record FollowUp(String batchId, String followUpOf, int attempt, Map<String, Integer> codes, Instant at) {

        public int items() {
            return codes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The follow-ups kept for the console, the latest last. */
    static final int FOLLOW_UPS_KEPT = 100;

    private volatile LastCall lastCall;
    private final Deque<FollowUp> followUps = new ArrayDeque<>();
    private volatile boolean keyRefused;
    private volatile int unrecoverableFailuresInARow;
    private final Map<String, String> lastErrorByBatch = new ConcurrentHashMap<>();

    @Override
    public synchronized void apiCallFinished(String operation, ApiCallOutcome outcome, int httpStatus,
                                             Duration duration) {
        lastCall = new LastCall(operation, outcome, httpStatus, Instant.now());
        if (outcome != ApiCallOutcome.io_error) {
            // any HTTP answer tells whether the key is accepted; a lost connection does not
            keyRefused = outcome == ApiCallOutcome.unauthorized;
        }
        boolean unrecoverable = outcome == ApiCallOutcome.unauthorized || outcome == ApiCallOutcome.client_error;
        unrecoverableFailuresInARow = unrecoverable ? unrecoverableFailuresInARow + 1 : 0;
    }

    @Override
    public void batchPollFailed(String batchId, Exception failure) {
        lastErrorByBatch.put(batchId, describe(failure));
    }

    @Override
    public void batchStateChanged(String batchId, String state) {
        if ("completed".equals(state) || "failed".equals(state)) {
            lastErrorByBatch.remove(batchId);
        }
    }

    @Override
    public void followUpSubmitted(String batchId, String followUpBatchId, int attempt, Map<String, Integer> codes) {
        synchronized (followUps) {
            if (followUps.size() == FOLLOW_UPS_KEPT) {
                followUps.removeFirst();
            }
            followUps.addLast(new FollowUp(followUpBatchId, batchId, attempt, Map.copyOf(codes), Instant.now()));
        }
    }

    /** The latest follow-up batches this endpoint sent (at most {@value #FOLLOW_UPS_KEPT}), oldest first. */
    public List<FollowUp> followUps() {
        synchronized (followUps) {
            return List.copyOf(followUps);
        }
    }

    public LastCall lastCall() {
        return lastCall;
    }

    public boolean keyRefused() {
        return keyRefused;
    }

    public int unrecoverableFailuresInARow() {
        return unrecoverableFailuresInARow;
    }

    /** The last poll error of the batch, or null. */
    public String lastError(String batchId) {
        return lastErrorByBatch.get(batchId);
    }

    /** The API's own error when the chain holds one (its message never holds the key), else the failure's message. */
    private static String describe(Exception failure) {
        Throwable reason = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ScaleDownException) {
                reason = t;
                break;
            }
        }
        return reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    }
}
