package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * What the results consumer remembers about one batch between polls, in memory: how often the route failed each of
 * its items (for the redelivery headers), the last progress it logged and whether it already warned about an unknown
 * status. Used by one thread at a time: a batch is on one run at a time.
 */
final class BatchPollState {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPollState.class);

    private final Map<String, Integer> routeFailures = new HashMap<>();
    private String lastLoggedProgress;
    private String warnedStatus;
    private Instant followUpDue;

    /** How often the route failed the item (its custom_id, or its output line for a batch watched by id) so far. */
    int routeFailures(String item) {
        return routeFailures.getOrDefault(item, 0);
    }

    void routeFailed(String item) {
        routeFailures.merge(item, 1, Integer::sum);
    }

    void routed(String item) {
        routeFailures.remove(item);
    }

    /**
     * When the batch's items without an answer may go into a follow-up batch: {@code delay} after the first delivery
     * that found them. Kept in memory: after a restart the delay starts again.
     */
    Instant followUpDue(Instant now, Duration delay) {
        if (followUpDue == null) {
            followUpDue = now.plus(delay);
        }
        return followUpDue;
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
