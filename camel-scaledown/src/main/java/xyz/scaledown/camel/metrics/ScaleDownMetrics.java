package xyz.scaledown.camel.metrics;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.observe.ApiCallOutcome;
import xyz.scaledown.camel.observe.ScaleDownObserver;

/**
 * The component's Micrometer meters. Tag values are operation names, outcomes, models, error codes and batch states:
 * never a key, a batch id or a custom id.
 */
public final class ScaleDownMetrics implements ScaleDownObserver {

    public static final String ITEMS_SUBMITTED = "scaledown.items.submitted";
    public static final String RESULTS_DELIVERED = "scaledown.results.delivered";
    public static final String RESULT_ERRORS = "scaledown.results.errors";
    public static final String BATCHES = "scaledown.batches";
    public static final String API_CALLS = "scaledown.api.calls";
    public static final String API_RETRIES = "scaledown.api.retries";
    public static final String ITEMS_RESUBMITTED = "scaledown.items.resubmitted";

    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Counter itemsSubmitted;

    public ScaleDownMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.itemsSubmitted = Counter.builder(ITEMS_SUBMITTED).baseUnit("items")
                .description("Items accepted by the ScaleDown API in submitted batches").register(registry);
    }

    @Override
    public void apiCallFinished(String operation, ApiCallOutcome outcome, int httpStatus, Duration duration) {
        Timer.builder(API_CALLS).description("HTTP calls to the ScaleDown API, each attempt of a retried call counted")
                .tag("operation", operation).tag("outcome", outcome.name())
                .register(registry).record(duration);
    }

    @Override
    public void retryScheduled(String operation, Duration delay) {
        Counter.builder(API_RETRIES).description("Retries of failed ScaleDown API calls")
                .tag("operation", operation).register(registry).increment();
    }

    @Override
    public void batchSubmitted(String batchId, int itemCount) {
        itemsSubmitted.increment(itemCount);
        batchReached("submitted");
    }

    @Override
    public void batchStateChanged(String batchId, String state) {
        batchReached(state);
    }

    @Override
    public void resultItemDelivered(String batchId, BatchResultItem item) {
        if (item.isError()) {
            Counter.builder(RESULT_ERRORS).baseUnit("items").description("Error items delivered, by error code")
                    .tag("code", orUnknown(item.error().code())).register(registry).increment();
        } else {
            Counter.builder(RESULTS_DELIVERED).baseUnit("items").description("Result items delivered, by model")
                    .tag("model", orUnknown(item.model())).register(registry).increment();
        }
    }

    @Override
    public void followUpSubmitted(String batchId, String followUpBatchId, int attempt, Map<String, Integer> codes) {
        codes.forEach((code, count) -> Counter.builder(ITEMS_RESUBMITTED).baseUnit("items")
                .description("Items the API did not answer, sent again in a follow-up batch, by error code")
                .tag("code", orUnknown(code)).register(registry).increment(count));
    }

    private void batchReached(String state) {
        Counter.builder(BATCHES).description("Batches that reached each state")
                .tag("state", orUnknown(state)).register(registry).increment();
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
