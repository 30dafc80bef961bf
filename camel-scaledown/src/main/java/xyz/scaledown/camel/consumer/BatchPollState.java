package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * What the results consumer remembers about one batch between polls, in memory: its failed calls in a row (for its
 * own back-off), the last progress it logged and whether it already warned about an unknown status. The back-off
 * deadline and the failures that count toward {@code maxPollFailures} are kept in the tracker.
 */
final class BatchPollState {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPollState.class);

    /** What to do after a failed call. */
    record FailureOutcome(int countedFailures, Instant nextPollAt, boolean giveUp) {
    }

    private int failuresInARow;
    private String lastLoggedProgress;
    private String warnedStatus;

    /**
     * True for an error a retry will not fix: 404, 410, another 4xx except 408 and 429, or an unreadable 2xx answer.
     * Only those count toward {@code maxPollFailures}; 5xx, 429, 408 and I/O errors only delay the next poll.
     */
    static boolean isPermanent(Throwable failure) {
        if (!(failure instanceof ScaleDownException e)) {
            return false;
        }
        int code = e.getStatusCode();
        return code >= 200 && code < 300 || code >= 400 && code < 500 && code != 408 && code != 429;
    }

    /**
     * Decides, after a failed call for {@code batch}, how many failures count toward giving up, when the batch is
     * polled again, and whether it is given up now.
     */
    FailureOutcome failed(TrackedBatch batch, Exception failure, int maxPollFailures, ScaleDownClient client,
                          Instant now) {
        failuresInARow++;
        int counted = isPermanent(failure) ? batch.pollFailures() + 1 : 0;
        boolean giveUp = maxPollFailures > 0 && counted >= maxPollFailures;
        Duration wait = client.retryDelay(failuresInARow, failure instanceof ScaleDownException e ? e : null);
        return new FailureOutcome(counted, giveUp ? null : now.plus(wait), giveUp);
    }

    void succeeded() {
        failuresInARow = 0;
    }

    /** Logs a status an operator has not seen yet for this batch: each change at INFO, an unknown status at WARN. */
    void noteProgress(TrackedBatch batch, BatchStatus status) {
        if (status.knownStatus() == KnownBatchStatus.UNKNOWN && !Objects.equals(status.status(), warnedStatus)) {
            warnedStatus = status.status();
            LOG.warn("ScaleDown batch {} has status '{}', which the component does not know; it is treated as not "
                     + "finished until batchTimeout", batch.batchId(), status.status());
        }
        Object done = status.additionalFields().get("completed_count");
        Object total = batch.hasSubmittedItems() ? batch.totalCount()
                : status.additionalFields().getOrDefault("total_count", "?");
        String progress = status.status() + (done == null ? "" : " (" + done + "/" + total + " items processed)");
        // an operator wants to see each change, not the same line every poll
        if (!progress.equals(lastLoggedProgress)) {
            lastLoggedProgress = progress;
            LOG.info("ScaleDown batch {} is {}", batch.batchId(), progress);
        } else {
            LOG.debug("ScaleDown batch {} is still {}", batch.batchId(), progress);
        }
    }
}
