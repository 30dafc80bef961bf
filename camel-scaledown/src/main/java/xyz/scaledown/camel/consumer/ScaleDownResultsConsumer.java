package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.BatchTrackedListener;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.observe.TrackedBatchesView;
import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:results}: on each poll, one status call per tracked batch that is due, under the batch's lease. A
 * batch that reached a terminal status has its output read as a stream; every submitted item then comes out, as its
 * result or as an error item ({@link BatchEnding}), and is marked delivered once its exchange completed. An item the
 * route fails or rolls back stays undelivered and comes again at a later poll, while the batch's other items go on.
 * A batch not terminal within {@code batchTimeout}, or given up by its back-off ({@link BatchBackoff}), ends the same
 * way. A batch submitted on the same tracker wakes the consumer ({@link #batchTracked()}).
 * <p>
 * With {@code parallelBatches} greater than 1, a poll offers each due batch to {@link ParallelBatchDeliveries}; a
 * delivery thread claims the batch's lease when it takes it, and does its status call and delivery. A delivery's
 * failure is raised by the next poll.
 */
@ManagedResource(description = "Managed ScaleDown results consumer")
public class ScaleDownResultsConsumer extends ScheduledPollConsumer implements BatchTrackedListener {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownResultsConsumer.class);

    /** A batch's state is used by one run at a time: a poll skips a batch that a delivery thread has taken. */
    private final Map<String, BatchPollState> pollStates = new ConcurrentHashMap<>();
    /** Null when {@code parallelBatches} is 1: the poll thread delivers. */
    private volatile ParallelBatchDeliveries parallel;
    private LeaseRenewals renewals;
    private BatchBackoff backoff;
    private TrackedBatchDelivery trackedDelivery;
    private WatchedBatchDelivery watchedDelivery;
    /** One poll at a time, whether scheduled or woken, whatever scheduler and pool size the endpoint was given. */
    private final ReentrantLock pollLock = new ReentrantLock();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** The poll executor this consumer gave Camel's default scheduler, so a wake-up can queue a poll on it. */
    private ScheduledExecutorService ownPollExecutor;

    public ScaleDownResultsConsumer(ScaleDownEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public ScaleDownEndpoint getEndpoint() {
        return (ScaleDownEndpoint) super.getEndpoint();
    }

    @ManagedAttribute(description = "Batches tracked and not yet fully delivered")
    public int getTrackedBatches() {
        // the count needs no per-batch view (a delivered count and a lease look-up each, with the JDBC tracker)
        return tracker().pending().size();
    }

    @ManagedAttribute(description = "Submitted items of the tracked batches not yet delivered")
    public long getPendingItems() {
        return TrackedBatchesView.of(tracker()).pendingItems();
    }

    @Override
    public void run() {
        pollLock.lock();
        try {
            super.run();
        } finally {
            pollLock.unlock();
        }
    }

    /**
     * Queues one extra poll on the consumer's scheduled executor ({@link #getScheduledExecutorService()}), behind any
     * poll under way; wakes that arrive before it starts share it. With a scheduler of another kind (Quartz, Spring)
     * there is none: the batch is polled at the next scheduled poll.
     */
    @Override
    public void batchTracked() {
        Executor pollThread = getScheduledExecutorService();
        if (pollThread == null || !isSchedulerStarted() || !isConsumerRunning()
            || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            pollThread.execute(() -> {
                wakeQueued.set(false);
                run();
            });
        } catch (RuntimeException e) {
            // the scheduler is shutting down: the batch is tracked and the next consumer start polls it
            wakeQueued.set(false);
            LOG.debug("Could not wake the ScaleDown results consumer: {}", e.getMessage());
        }
    }

    private ScaleDownConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    private BatchTracker tracker() {
        return getEndpoint().getTracker();
    }

    private ScaleDownClient client() {
        return getEndpoint().getClient();
    }

    /**
     * Gives Camel's default scheduler its executor ({@link #setScheduledExecutorService}), unless the endpoint set
     * one or another scheduler: {@link #batchTracked()} queues its extra poll there.
     */
    @Override
    protected void doInit() throws Exception {
        if (getScheduledExecutorService() == null && getScheduler() == null) {
            ownPollExecutor = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, getEndpoint().getEndpointUri());
            setScheduledExecutorService(ownPollExecutor);
        }
        super.doInit();
    }

    @Override
    protected void doShutdown() throws Exception {
        super.doShutdown();
        if (ownPollExecutor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(ownPollExecutor);
            ownPollExecutor = null;
        }
    }

    @Override
    protected void doStart() throws Exception {
        int parallelBatches = configuration().getParallelBatches();
        if (parallelBatches < 1) {
            throw new IllegalArgumentException("parallelBatches must be at least 1 but was " + parallelBatches);
        }
        // two consumers over one tracker would both emit every batch
        getEndpoint().getComponent().claimTracker(tracker(), this);
        String batchId = configuration().getBatchId();
        if (batchId != null && tracker().pending().stream().noneMatch(b -> b.batchId().equals(batchId))) {
            tracker().track(TrackedBatch.watched(batchId), List.of(), Map.of());
        }
        DeliveryParts parts = new DeliveryParts(tracker(), client(), new ItemRouter(this),
                configuration().getProgressLogInterval());
        trackedDelivery = new TrackedBatchDelivery(parts);
        watchedDelivery = new WatchedBatchDelivery(parts);
        backoff = new BatchBackoff(client(), configuration().getMaxPollFailures());
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        renewals = new LeaseRenewals(executors, this);
        parallel = parallelBatches == 1 ? null : new ParallelBatchDeliveries(executors, this, parallelBatches);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (parallel != null) {
            parallel.shutdown();
            parallel = null;
        }
        if (renewals != null) {
            renewals.shutdown();
            renewals = null;
        }
        getEndpoint().getComponent().releaseTracker(tracker(), this);
    }

    /** False once the consumer is stopping or suspending (graceful shutdown): a batch then stops between items. */
    private boolean isConsumerRunning() {
        return isRunAllowed() && !isSuspendingOrSuspended();
    }

    private DeliveryRun newRun() {
        return new DeliveryRun(configuration().getMaxMessagesPerPoll(), this::isConsumerRunning);
    }

    @Override
    protected int poll() throws Exception {
        int emitted = 0;
        RuntimeCamelException failure = null;
        ParallelBatchDeliveries pool = parallel;
        if (pool != null) {
            for (RuntimeCamelException deliveryFailure : pool.takeFailures()) {
                failure = withSuppressed(failure, deliveryFailure);
            }
        }
        DeliveryRun run = newRun();
        Instant now = Instant.now();
        for (TrackedBatch batch : batchesToWatch()) {
            if (run.stop() != null) {
                break;
            }
            if (batch.nextPollAt() != null && now.isBefore(batch.nextPollAt())) {
                LOG.debug("ScaleDown batch {} waits out its back-off until {}", batch.batchId(), batch.nextPollAt());
                continue;
            }
            if (pool != null) {
                if (pool.isTaken(batch.batchId())) {
                    LOG.debug("ScaleDown batch {} is being delivered", batch.batchId());
                } else if (pool.offer(batch.batchId(), () -> pollOnDeliveryThread(pool, batch))) {
                    // counts as a message, so Camel's idle options do not take a busy consumer for an idle one
                    emitted++;
                } else {
                    LOG.debug("Every ScaleDown delivery thread is busy: batch {} waits for a later poll",
                            batch.batchId());
                }
                continue;
            }
            try {
                emitted += pollUnderLease(run, batch);
            } catch (RuntimeCamelException e) {
                // one batch's trouble must not hold up the others
                failure = withSuppressed(failure, e);
            }
        }
        if (failure != null) {
            // thrown, so the scheduled poll consumer counts it: exception handler, backoff and health check
            throw failure;
        }
        return emitted;
    }

    private void pollOnDeliveryThread(ParallelBatchDeliveries pool, TrackedBatch batch) {
        // the consumer may have begun to stop while the batch waited for a thread
        if (!isConsumerRunning()) {
            return;
        }
        try {
            pollUnderLease(newRun(), batch);
        } catch (RuntimeCamelException e) {
            pool.failed(e);
        }
    }

    /**
     * Takes the batch's lease, renewed on a schedule while the batch is polled and delivered, then polls it; a failure
     * is handled under the lease too. Returns the exchanges routed; throws the failure to raise at the end of the poll.
     */
    private int pollUnderLease(DeliveryRun run, TrackedBatch batch) {
        Optional<BatchLease> lease;
        try {
            lease = tracker().lease(batch.batchId());
        } catch (RuntimeException e) {
            throw new RuntimeCamelException("Cannot take the lease of ScaleDown batch " + batch.batchId(), e);
        }
        if (lease.isEmpty()) {
            LOG.debug("ScaleDown batch {} is leased by another node", batch.batchId());
            return 0;
        }
        try (BatchLease held = lease.get(); LeaseRenewals.Renewal renewal = renewals.keep(held)) {
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

    private static RuntimeCamelException withSuppressed(RuntimeCamelException first, RuntimeCamelException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private List<TrackedBatch> batchesToWatch() {
        String batchId = configuration().getBatchId();
        List<TrackedBatch> pending = tracker().pending();
        return batchId == null ? pending : pending.stream().filter(b -> b.batchId().equals(batchId)).toList();
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
            DeliveryOutcome outcome = batch.hasSubmittedItems()
                    ? trackedDelivery.deliver(run, batch, state == KnownBatchStatus.COMPLETED
                            ? BatchEnding.completed(status) : BatchEnding.endedEarly(status), true,
                            state.isEndedEarly(), pollState(batch))
                    : watchedDelivery.deliver(run, batch, status, pollState(batch));
            return afterDelivery(batch, "delivered", outcome);
        }
        pollState(batch).noteProgress(batch, status);
        if (isTimedOut(batch)) {
            return giveUp(run, batch, BatchEnding.timedOut(batch, batchTimeout()));
        }
        return 0;
    }

    /**
     * Records a successful status call. A batch not finished yet answered: its calls fail no more, so its back-off
     * ends. A finished one keeps its count until its output was read and routed.
     */
    private TrackedBatch recordStatus(TrackedBatch batch, BatchStatus status) {
        TrackedBatch updated = batch;
        if (!status.knownStatus().isTerminal()) {
            updated = resetBackoff(updated);
        }
        if (!Objects.equals(status.status(), batch.lastStatus())) {
            tracker().markStatus(batch.batchId(), status.status());
            updated = updated.withLastStatus(status.status());
            getEndpoint().getObserver().batchStateChanged(batch.batchId(), status.status());
        }
        return updated;
    }

    private TrackedBatch resetBackoff(TrackedBatch batch) {
        if (batch.pollFailures() == 0 && batch.nextPollAt() == null) {
            return batch;
        }
        tracker().recordPollFailures(batch.batchId(), 0, null);
        return batch.withPollFailures(0, null);
    }

    /**
     * After a delivery: a batch that left the store is reported done; one whose route failed items waits out its
     * back-off before they come again; one that stopped without a failure made progress, so its back-off ends.
     */
    private int afterDelivery(TrackedBatch batch, String endState, DeliveryOutcome outcome) {
        if (outcome.completed()) {
            pollStates.remove(batch.batchId());
            getEndpoint().getObserver().batchStateChanged(batch.batchId(), endState);
        } else if (outcome.failed() > 0) {
            BatchBackoff.Decision decision = backoff.afterRouteFailures(batch, Instant.now());
            tracker().recordPollFailures(batch.batchId(), decision.failures(), decision.nextPollAt());
            LOG.warn("ScaleDown batch {}: the route failed {} of its items; they come again from {}", batch.batchId(),
                    outcome.failed(), decision.nextPollAt());
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
        return timeout > 0 && Instant.now().isAfter(batch.submittedAt().plusMillis(timeout));
    }

    /**
     * A failed call for one batch, under its lease: the batch waits out its back-off, or is given up. Returns the
     * failure to raise at the end of the poll.
     */
    private RuntimeCamelException failed(DeliveryRun run, TrackedBatch batch, Exception failure) {
        getEndpoint().getObserver().batchPollFailed(batch.batchId(), failure);
        BatchBackoff.Decision decision = backoff.afterCallFailure(batch, failure, Instant.now());
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
                getEndpoint().getObserver().retryScheduled(failedOperation(failure),
                        Duration.between(Instant.now(), decision.nextPollAt()));
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
        DeliveryOutcome outcome = batch.hasSubmittedItems()
                ? trackedDelivery.deliver(run, batch, ending, false, false, pollState(batch))
                : watchedDelivery.giveUp(run, batch, ending.reason());
        return afterDelivery(batch, ending.code(), outcome);
    }
}
