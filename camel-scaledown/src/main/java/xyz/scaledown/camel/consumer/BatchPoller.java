package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.ClaimedBatch;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Polls one tracked batch for the results consumer, under its lease: one status call, then, for a batch that ended,
 * its delivery ({@link TrackedBatchDelivery}, {@link WatchedBatchDelivery}); a failed call or a poll whose route failed
 * items moves the batch's back-off ({@link BatchBackoff}); a batch that timed out or was given up has its items ended
 * as error items ({@link BatchEnding}).
 */
final class BatchPoller {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPoller.class);

    private final ScaleDownEndpoint endpoint;
    private final LeaseRenewals renewals;
    private final PollInterval interval;
    private final BatchBackoff backoff;
    private final TrackedBatchDelivery trackedDelivery;
    private final WatchedBatchDelivery watchedDelivery;
    /** A batch's state is used by one run at a time: a batch is polled under its lease, by one run of one node. */
    private final Map<String, BatchPollState> pollStates = new ConcurrentHashMap<>();

    BatchPoller(ScaleDownEndpoint endpoint, ItemRouter router, LeaseRenewals renewals, PollInterval interval) {
        this.endpoint = endpoint;
        this.renewals = renewals;
        this.interval = interval;
        this.backoff = new BatchBackoff(client(), configuration().getMaxPollFailures());
        DeliveryParts parts = new DeliveryParts(tracker(), client(), router, configuration().getProgressLogInterval());
        this.trackedDelivery = new TrackedBatchDelivery(parts,
                new FollowUpBatches(endpoint, FollowUpPolicy.of(configuration())));
        this.watchedDelivery = new WatchedBatchDelivery(parts);
    }

    private ScaleDownConfiguration configuration() {
        return endpoint.getConfiguration();
    }

    private BatchTracker tracker() {
        return endpoint.getTracker();
    }

    private ScaleDownClient client() {
        return endpoint.getClient();
    }

    /**
     * Polls a batch claimed with this node's lease, renewed on a schedule while the batch is polled and delivered,
     * and released after; a failure is handled under the lease too. Returns the exchanges routed; throws the failure
     * to raise at the end of the poll.
     */
    int pollUnderLease(DeliveryRun run, ClaimedBatch claimed) {
        TrackedBatch batch = claimed.batch();
        try (BatchLease held = claimed.lease(); LeaseRenewals.Renewal renewal = renewals.keep(held)) {
            run.onBatch(held);
            try {
                return pollBatch(run, batch);
            } catch (Exception e) {
                throw failed(run, batch, e);
            }
        } finally {
            run.onBatch(BatchLease.UNSHARED);
        }
    }

    private BatchPollState pollState(TrackedBatch batch) {
        return pollStates.computeIfAbsent(batch.batchId(), id -> new BatchPollState());
    }

    private int pollBatch(DeliveryRun run, TrackedBatch polled) throws Exception {
        BatchStatus status;
        try {
            status = client().statusOnce(polled.batchId());
        } catch (RuntimeException e) {
            if (isTimedOut(polled)) {
                return giveUp(run, polled, BatchEnding.timedOut(polled, batchTimeout()));
            }
            throw e;
        }
        TrackedBatch batch = recordStatus(polled, status);
        KnownBatchStatus state = status.knownStatus();
        if (state.isTerminal()) {
            run.delivering();
            DeliveryOutcome outcome = batch.hasSubmittedItems()
                    ? trackedDelivery.deliver(run, batch, state == KnownBatchStatus.COMPLETED
                            ? BatchEnding.completed(status) : BatchEnding.endedEarly(status), true,
                            state.isEndedEarly(), pollState(batch))
                    : watchedDelivery.deliver(run, batch, status, pollState(batch));
            return afterDelivery(run, batch, "delivered", outcome);
        }
        pollState(batch).noteProgress(batch, status);
        if (isTimedOut(batch)) {
            return giveUp(run, batch, BatchEnding.timedOut(batch, batchTimeout()));
        }
        return 0;
    }

    /**
     * Records a successful status call. A batch not finished yet answered: its calls fail no more, so its back-off
     * ends, and its next poll is set by its age ({@link PollInterval}). A finished one keeps its count until its
     * output was read and routed.
     */
    private TrackedBatch recordStatus(TrackedBatch batch, BatchStatus status) {
        TrackedBatch updated = batch;
        if (!status.knownStatus().isTerminal()) {
            updated = scheduleNextPoll(updated);
        }
        if (!Objects.equals(status.status(), batch.lastStatus())) {
            tracker().markStatus(batch.batchId(), status.status());
            updated = updated.withLastStatus(status.status());
            endpoint.getObserver().batchStateChanged(batch.batchId(), status.status());
        }
        return updated;
    }

    private TrackedBatch scheduleNextPoll(TrackedBatch batch) {
        Instant next = interval.nextPollAt(batch.submittedAt(), tracker().now());
        if (next == null) {
            return resetBackoff(batch);
        }
        tracker().recordPollFailures(batch.batchId(), 0, next);
        return batch.withPollFailures(0, next);
    }

    private TrackedBatch resetBackoff(TrackedBatch batch) {
        if (batch.pollFailures() == 0 && batch.nextPollAt() == null) {
            return batch;
        }
        tracker().recordPollFailures(batch.batchId(), 0, null);
        return batch.withPollFailures(0, null);
    }

    /**
     * After a delivery: a batch that left the store is reported done; one whose lease was lost is left to its new
     * holder; one whose route failed items waits out its back-off before they come again; one that stopped without a
     * failure made progress, so its back-off ends.
     */
    private int afterDelivery(DeliveryRun run, TrackedBatch batch, String endState, DeliveryOutcome outcome) {
        if (outcome.completed()) {
            pollStates.remove(batch.batchId());
            endpoint.getObserver().batchStateChanged(batch.batchId(), endState);
        } else if (!run.lease().isHeld()) {
            // the batch's state is the new holder's now
            pollStates.remove(batch.batchId());
        } else if (outcome.failed() > 0) {
            BatchBackoff.Decision decision = backoff.afterRouteFailures(batch, tracker().now());
            tracker().recordPollFailures(batch.batchId(), decision.failures(), decision.nextPollAt());
            LOG.warn("ScaleDown batch {}: the route failed {} of its items; they come again from {}", batch.batchId(),
                    outcome.failed(), decision.nextPollAt());
        } else if (outcome.followUpAt() != null) {
            tracker().recordPollFailures(batch.batchId(), batch.pollFailures(), outcome.followUpAt());
        } else {
            resetBackoff(batch);
        }
        return outcome.routed();
    }

    private Duration batchTimeout() {
        return Duration.ofMillis(configuration().getBatchTimeout());
    }

    private boolean isTimedOut(TrackedBatch batch) {
        long timeout = configuration().getBatchTimeout();
        return timeout > 0 && tracker().now().isAfter(batch.submittedAt().plusMillis(timeout));
    }

    /**
     * A failed call for one batch, under its lease: the batch waits out its back-off, or is given up. Returns the
     * failure to raise at the end of the poll.
     */
    private RuntimeCamelException failed(DeliveryRun run, TrackedBatch batch, Exception failure) {
        endpoint.getObserver().batchPollFailed(batch.batchId(), failure);
        Instant now = tracker().now();
        BatchBackoff.Decision decision = backoff.afterCallFailure(batch, failure, now);
        String next;
        try {
            tracker().recordPollFailures(batch.batchId(), decision.failures(), decision.nextPollAt());
            if (decision.giveUp()) {
                TrackedBatch failed = batch.withPollFailures(decision.failures(), null);
                giveUp(run, failed, BatchEnding.unreachable(failed, decision.failures(), failure.getMessage()));
                next = "it was given up after " + decision.failures() + " failures in a row";
            } else {
                next = "it stays tracked and is polled again from " + decision.nextPollAt() + " ("
                       + decision.failures() + " failures in a row"
                       + (BatchBackoff.isPermanent(failure) && backoff.maxPollFailures() > 0
                               ? "; given up at " + backoff.maxPollFailures() : "") + ")";
                LOG.warn("ScaleDown batch {}: {}; {}", batch.batchId(), failure.getMessage(), next);
                endpoint.getObserver().retryScheduled(failedOperation(failure),
                        Duration.between(now, decision.nextPollAt()));
            }
        } catch (Exception e) {
            failure.addSuppressed(e);
            next = "it stays tracked";
        }
        return new RuntimeCamelException("Polling ScaleDown batch " + batch.batchId() + " failed; " + next, failure);
    }

    private static String failedOperation(Exception failure) {
        return failure instanceof ScaleDownException e && e.getOperation() != null ? e.getOperation() : "status";
    }

    /** Ends a batch that will not finish: every item not yet routed gets the ending's error item. */
    private int giveUp(DeliveryRun run, TrackedBatch batch, BatchEnding ending) throws Exception {
        LOG.warn("{}", ending.reason());
        run.delivering();
        DeliveryOutcome outcome = batch.hasSubmittedItems()
                ? trackedDelivery.deliver(run, batch, ending, false, false, pollState(batch))
                : watchedDelivery.giveUp(run, batch, ending.reason());
        return afterDelivery(run, batch, ending.code(), outcome);
    }
}
