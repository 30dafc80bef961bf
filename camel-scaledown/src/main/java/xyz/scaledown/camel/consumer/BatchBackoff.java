package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * A batch's one back-off, on its one failure counter kept in the store ({@link TrackedBatch#pollFailures()}): every
 * failed status or output call and every poll whose route failed items adds one, and the next poll waits
 * {@code retryInitialDelay} times {@code retryMultiplier} to that power, up to {@code retryMaxDelay} (or the server's
 * {@code Retry-After}). The counter goes back to 0 only when the batch makes progress. A batch is given up when a call
 * fails with an error a retry will not fix and the counter reaches {@code maxPollFailures}.
 */
final class BatchBackoff {

    /** After a failure: the new count, when the batch is polled again (null when given up), whether it is given up. */
    record Decision(int failures, Instant nextPollAt, boolean giveUp) {
    }

    private final ScaleDownClient client;
    private final int maxPollFailures;

    BatchBackoff(ScaleDownClient client, int maxPollFailures) {
        this.client = client;
        this.maxPollFailures = maxPollFailures;
    }

    int maxPollFailures() {
        return maxPollFailures;
    }

    /**
     * True for an error a retry will not fix: 404, 410, another 4xx except 408 and 429, or an unreadable 2xx answer.
     * 5xx, 429, 408 and I/O errors only delay the next poll.
     */
    static boolean isPermanent(Throwable failure) {
        if (!(failure instanceof ScaleDownException e)) {
            return false;
        }
        int code = e.getStatusCode();
        return code >= 200 && code < 300 || code >= 400 && code < 500 && code != 408 && code != 429;
    }

    /** A status or output call for the batch failed. */
    Decision afterCallFailure(TrackedBatch batch, Exception failure, Instant now) {
        int failures = batch.pollFailures() + 1;
        boolean giveUp = isPermanent(failure) && maxPollFailures > 0 && failures >= maxPollFailures;
        Duration wait = client.retryDelay(failures, failure instanceof ScaleDownException e ? e : null);
        return new Decision(failures, giveUp ? null : now.plus(wait), giveUp);
    }

    /** The route failed some of the batch's items in this poll: they come again once the back-off passed. */
    Decision afterRouteFailures(TrackedBatch batch, Instant now) {
        int failures = batch.pollFailures() + 1;
        return new Decision(failures, now.plus(client.retryDelay(failures, null)), false);
    }
}
