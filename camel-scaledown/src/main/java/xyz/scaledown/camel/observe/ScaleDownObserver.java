package xyz.scaledown.camel.observe;

import java.time.Duration;
import java.util.Map;

import xyz.scaledown.camel.model.BatchResultItem;

/**
 * What the component tells its operational views (health checks, metrics) as it works. Every method has an empty
 * default, so a view implements only what it needs. Implementations must be quick and must not throw: they run on the
 * caller's thread, in the middle of an API call or a poll. Nothing passed here carries the API key.
 */
public interface ScaleDownObserver {

    /** Observes nothing. */
    ScaleDownObserver NONE = new ScaleDownObserver() {
    };

    /**
     * One HTTP call to the API ended (each attempt of a retried call counts).
     *
     * @param operation  submit, status or output
     * @param outcome    how it ended
     * @param httpStatus the HTTP status, or 0 when no answer came
     * @param duration   from sending the request to the answer's status line (or the failure)
     */
    default void apiCallFinished(String operation, ApiCallOutcome outcome, int httpStatus, Duration duration) {
    }

    /** A failed call will be tried again after {@code delay}. */
    default void retryScheduled(String operation, Duration delay) {
    }

    /** A batch of {@code itemCount} items was accepted by the API. */
    default void batchSubmitted(String batchId, int itemCount) {
    }

    /** A batch reached a new state: an API status (queued, processing) or completed / failed once it left the tracker. */
    default void batchStateChanged(String batchId, String state) {
    }

    /** Polling a batch failed (after the retries); it stays tracked and is polled again. */
    default void batchPollFailed(String batchId, Exception failure) {
    }

    /** A result item, successful or an error item, went through the route. */
    default void resultItemDelivered(String batchId, BatchResultItem item) {
    }

    /**
     * Items of batch {@code batchId} that the API did not answer were sent again as follow-up batch
     * {@code followUpBatchId}, their attempt {@code attempt}.
     *
     * @param codes how many of them had each error code
     */
    default void followUpSubmitted(String batchId, String followUpBatchId, int attempt, Map<String, Integer> codes) {
    }
}
