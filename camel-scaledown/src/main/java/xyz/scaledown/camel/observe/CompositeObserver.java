package xyz.scaledown.camel.observe;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import xyz.scaledown.camel.model.BatchResultItem;

/**
 * Hands every observation to each of several observers, in order.
 */
public final class CompositeObserver implements ScaleDownObserver {

    private final List<ScaleDownObserver> observers;

    private CompositeObserver(List<ScaleDownObserver> observers) {
        this.observers = observers;
    }

    /** One observer for all the given ones; {@link ScaleDownObserver#NONE} entries are left out. */
    public static ScaleDownObserver of(ScaleDownObserver... observers) {
        List<ScaleDownObserver> active = Arrays.stream(observers)
                .filter(o -> o != null && o != NONE).toList();
        if (active.isEmpty()) {
            return NONE;
        }
        return active.size() == 1 ? active.get(0) : new CompositeObserver(active);
    }

    @Override
    public void apiCallFinished(String operation, ApiCallOutcome outcome, int httpStatus, Duration duration) {
        observers.forEach(o -> o.apiCallFinished(operation, outcome, httpStatus, duration));
    }

    @Override
    public void retryScheduled(String operation, Duration delay) {
        observers.forEach(o -> o.retryScheduled(operation, delay));
    }

    @Override
    public void batchSubmitted(String batchId, int itemCount) {
        observers.forEach(o -> o.batchSubmitted(batchId, itemCount));
    }

    @Override
    public void batchStateChanged(String batchId, String state) {
        observers.forEach(o -> o.batchStateChanged(batchId, state));
    }

    @Override
    public void batchPollFailed(String batchId, Exception failure) {
        observers.forEach(o -> o.batchPollFailed(batchId, failure));
    }

    @Override
    public void resultItemDelivered(String batchId, BatchResultItem item) {
        observers.forEach(o -> o.resultItemDelivered(batchId, item));
    }

    @Override
    public void followUpSubmitted(String batchId, String followUpBatchId, int attempt, Map<String, Integer> codes) {
        observers.forEach(o -> o.followUpSubmitted(batchId, followUpBatchId, attempt, codes));
    }
}
