package xyz.scaledown.camel.health;

import org.apache.camel.health.HealthCheckResultBuilder;

import xyz.scaledown.camel.observe.EndpointActivity;
import xyz.scaledown.camel.observe.TrackedBatchesView;

/**
 * The rules both scaledown readiness checks apply, and the details they show. DOWN when the API refuses the key
 * (401/403 on the last answered call), or when the last {@code threshold} calls failed with errors a retry will not
 * fix (4xx other than 429); UP otherwise. The details never hold the key: they are counts, times, operation names and
 * outcomes.
 */
final class ApiHealthRules {

    static final String TRACKED_BATCHES = "scaledown.tracked.batches";
    static final String OLDEST_BATCH_AGE = "scaledown.oldest.batch.age.millis";
    static final String PENDING_ITEMS = "scaledown.pending.items";
    static final String LAST_CALL_OPERATION = "scaledown.last.call.operation";
    static final String LAST_CALL_OUTCOME = "scaledown.last.call.outcome";
    static final String LAST_CALL_STATUS = "scaledown.last.call.http.status";
    static final String LAST_CALL_TIME = "scaledown.last.call.time";
    static final String FAILURES_IN_A_ROW = "scaledown.unrecoverable.failures.in.a.row";

    private ApiHealthRules() {
    }

    /** Adds the details; returns the reason to report DOWN, or null when these rules find nothing wrong. */
    static String evaluate(HealthCheckResultBuilder builder, EndpointActivity activity, TrackedBatchesView batches,
                           int threshold) {
        builder.detail(TRACKED_BATCHES, batches.count());
        builder.detail(OLDEST_BATCH_AGE, batches.oldestAge().toMillis());
        builder.detail(PENDING_ITEMS, batches.pendingItems());
        EndpointActivity.LastCall last = activity.lastCall();
        if (last != null) {
            builder.detail(LAST_CALL_OPERATION, last.operation());
            builder.detail(LAST_CALL_OUTCOME, last.outcome().name());
            builder.detail(LAST_CALL_STATUS, last.httpStatus());
            builder.detail(LAST_CALL_TIME, last.at().toString());
        }
        int failuresInARow = activity.unrecoverableFailuresInARow();
        builder.detail(FAILURES_IN_A_ROW, failuresInARow);
        if (activity.keyRefused()) {
            return "The ScaleDown API refuses the API key (HTTP " + last.httpStatus() + " on the last " + last.operation()
                   + " call): check the apiKey option or SCALEDOWN_API_KEY";
        }
        if (threshold > 0 && failuresInARow >= threshold) {
            return "The last " + failuresInARow + " ScaleDown API calls failed with errors a retry will not fix (last: "
                   + last.operation() + " HTTP " + last.httpStatus() + ")";
        }
        return null;
    }
}
