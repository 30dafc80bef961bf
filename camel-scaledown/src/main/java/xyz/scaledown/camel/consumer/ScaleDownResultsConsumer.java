package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
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
 * {@code scaledown:results}: on each poll, one status call per tracked batch that is due. A batch that reached a
 * terminal status has its output read as a stream; every submitted item then comes out exactly once, as its result
 * or as an error item ({@link BatchEnding}). A batch not terminal within {@code batchTimeout}, or whose calls fail
 * {@code maxPollFailures} times in a row with errors a retry will not fix, is given up the same way. A batch whose
 * calls fail waits out its own back-off (its next poll time) while the others are polled. A batch submitted on the
 * same tracker wakes the consumer ({@link #batchTracked()}), so its first status call comes right away rather than
 * up to one {@code delay} later.
 * <p>
 * With {@code parallelBatches} greater than 1, a poll hands each batch that is ready for delivery to a pool of that
 * many threads ({@link ParallelBatchDeliveries}) and returns without waiting; later polls skip a batch while its
 * delivery runs. A delivery's failure is raised by the next poll.
 */
@ManagedResource(description = "Managed ScaleDown results consumer")
public class ScaleDownResultsConsumer extends ScheduledPollConsumer implements BatchTrackedListener {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownResultsConsumer.class);

    /** A batch's state is used by one thread at a time: a poll skips a batch while its delivery runs. */
    private final Map<String, BatchPollState> pollStates = new ConcurrentHashMap<>();
    /**
     * The run of the calling thread: a poll, or a batch delivery on the pool. The delivery classes call back into the
     * consumer ({@link #countRouted()}, {@link #mayContinue()}), and each thread's calls are about its own run.
     */
    private final ThreadLocal<DeliveryRun> runs = new ThreadLocal<>();
    /** Null when {@code parallelBatches} is 1: the poll thread delivers. */
    private volatile ParallelBatchDeliveries parallel;
    private TrackedBatchDelivery trackedDelivery;
    private WatchedBatchDelivery watchedDelivery;
    /** One poll at a time, whether scheduled or woken, whatever scheduler and pool size the endpoint was given. */
    private final ReentrantLock pollLock = new ReentrantLock();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

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
     * Queues one extra poll on the scheduler's own thread, behind any poll under way; wakes that arrive before it
     * starts share it. A batch tracked while a poll runs gets the next one, since that poll read the tracker before.
     */
    @Override
    public void batchTracked() {
        Executor pollThread = getScheduler() instanceof DefaultScheduledPollConsumerScheduler scheduler
                ? scheduler.getScheduledExecutorService() : null;
        if (pollThread == null || !isSchedulerStarted() || !mayContinue() || !wakeQueued.compareAndSet(false, true)) {
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

    @Override
    protected void doStart() throws Exception {
        // two consumers over one tracker would both emit every batch
        getEndpoint().getComponent().claimTracker(tracker(), this);
        String batchId = configuration().getBatchId();
        if (batchId != null && tracker().pending().stream().noneMatch(b -> b.batchId().equals(batchId))) {
            tracker().track(TrackedBatch.watched(batchId), List.of(), Map.of());
        }
        DeliveryParts parts = new DeliveryParts(tracker(), client(), new ItemRouter(this),
                configuration().getProgressLogInterval(), this::mayContinue);
        trackedDelivery = new TrackedBatchDelivery(parts);
        watchedDelivery = new WatchedBatchDelivery(parts);
        int parallelBatches = configuration().getParallelBatches();
        if (parallelBatches < 1) {
            throw new IllegalArgumentException("parallelBatches must be at least 1 but was " + parallelBatches);
        }
        parallel = parallelBatches == 1 ? null : new ParallelBatchDeliveries(
                getEndpoint().getCamelContext().getExecutorServiceManager(), this, parallelBatches);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (parallel != null) {
            parallel.shutdown();
            parallel = null;
        }
        getEndpoint().getComponent().releaseTracker(tracker(), this);
    }

    /**
     * False once the consumer is stopping or suspending (graceful shutdown), or this node lost the batch's lease to
     * another node: the batch then stops between items.
     */
    private boolean mayContinue() {
        DeliveryRun run = runs.get();
        return isRunAllowed() && !isSuspendingOrSuspended()
               && (run == null || run.mayContinue(configuration().getMaxMessagesPerPoll()));
    }

    /** Counts one exchange sent through the route in this run, for {@code maxMessagesPerPoll}. */
    void countRouted() {
        runs.get().countRouted();
    }

    @Override
    protected int poll() throws Exception {
        DeliveryRun run = DeliveryRun.poll();
        runs.set(run);
        try {
            return pollBatches(run);
        } finally {
            runs.remove();
        }
    }

    private int pollBatches(DeliveryRun run) {
        int emitted = 0;
        RuntimeCamelException failure = null;
        ParallelBatchDeliveries pool = parallel;
        if (pool != null) {
            for (RuntimeCamelException deliveryFailure : pool.takeFailures()) {
                failure = withSuppressed(failure, deliveryFailure);
            }
        }
        Instant now = Instant.now();
        for (TrackedBatch batch : batchesToWatch()) {
            if (!mayContinue()) {
                break;
            }
            if (pool != null && pool.isDelivering(batch.batchId())) {
                LOG.debug("ScaleDown batch {} is being delivered", batch.batchId());
                continue;
            }
            if (batch.nextPollAt() != null && now.isBefore(batch.nextPollAt())) {
                LOG.debug("ScaleDown batch {} waits out its back-off until {}", batch.batchId(), batch.nextPollAt());
                continue;
            }
            try {
                BatchLease held = tracker().lease(batch.batchId()).orElse(null);
                if (held == null) {
                    LOG.debug("ScaleDown batch {} is leased by another node", batch.batchId());
                    continue;
                }
                run.onBatch(held);
                emitted += pollBatch(batch);
            } catch (Exception e) {
                // one batch's trouble must not hold up the others
                failure = withSuppressed(failure, failed(batch, e));
            } finally {
                run.offBatch();
            }
        }
        if (failure != null) {
            // thrown, so the scheduled poll consumer counts it: exception handler, backoff and health check
            throw failure;
        }
        return emitted;
    }

    private static RuntimeCamelException withSuppressed(RuntimeCamelException first, RuntimeCamelException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Reports a failed call for the batch and decides what follows ({@link #onPollFailure}). */
    private RuntimeCamelException failed(TrackedBatch batch, Exception e) {
        getEndpoint().getObserver().batchPollFailed(batch.batchId(), e);
        return onPollFailure(batch, e);
    }

    private List<TrackedBatch> batchesToWatch() {
        String batchId = configuration().getBatchId();
        List<TrackedBatch> pending = tracker().pending();
        return batchId == null ? pending : pending.stream().filter(b -> b.batchId().equals(batchId)).toList();
    }

    private BatchPollState pollState(TrackedBatch batch) {
        return pollStates.computeIfAbsent(batch.batchId(), id -> new BatchPollState());
    }

    private int pollBatch(TrackedBatch polled) throws Exception {
        BatchStatus status;
        try {
            status = client().statusOnce(polled.batchId());
        } catch (RuntimeException e) {
            if (isTimedOut(polled)) {
                return giveUp(polled, BatchEnding.timedOut(polled, batchTimeout()));
            }
            throw e;
        }
        TrackedBatch batch = recordStatus(polled, status);
        KnownBatchStatus state = status.knownStatus();
        if (state.isTerminal()) {
            return deliver(batch, "delivered", batch.hasSubmittedItems()
                    ? () -> trackedDelivery.deliver(batch, state == KnownBatchStatus.COMPLETED
                            ? BatchEnding.completed(status) : BatchEnding.endedEarly(status), true,
                            state.isEndedEarly())
                    : () -> watchedDelivery.deliver(batch, status));
        }
        pollState(batch).noteProgress(batch, status);
        if (isTimedOut(batch)) {
            return giveUp(batch, BatchEnding.timedOut(batch, batchTimeout()));
        }
        return 0;
    }

    /** Records a successful status call: the status, and the end of any run of failures. */
    private TrackedBatch recordStatus(TrackedBatch batch, BatchStatus status) {
        pollState(batch).succeeded();
        TrackedBatch updated = batch;
        if (batch.pollFailures() != 0 || batch.nextPollAt() != null) {
            tracker().recordPollFailures(batch.batchId(), 0, null);
            updated = updated.withPollFailures(0, null);
        }
        if (!Objects.equals(status.status(), batch.lastStatus())) {
            tracker().markStatus(batch.batchId(), status.status());
            updated = updated.withLastStatus(status.status());
            getEndpoint().getObserver().batchStateChanged(batch.batchId(), status.status());
        }
        return updated;
    }

    private Duration batchTimeout() {
        return Duration.ofMillis(configuration().getBatchTimeout());
    }

    private boolean isTimedOut(TrackedBatch batch) {
        long timeout = configuration().getBatchTimeout();
        return timeout > 0 && Instant.now().isAfter(batch.submittedAt().plusMillis(timeout));
    }

    /**
     * A failed call for one batch: it waits out its own back-off, or is given up once {@code maxPollFailures} calls
     * in a row failed with an error a retry will not fix. Returns the failure to raise at the end of the poll.
     */
    private RuntimeCamelException onPollFailure(TrackedBatch batch, Exception failure) {
        BatchPollState.FailureOutcome outcome = pollState(batch).failed(batch, failure,
                configuration().getMaxPollFailures(), client(), Instant.now());
        String next;
        try {
            tracker().recordPollFailures(batch.batchId(), outcome.countedFailures(), outcome.nextPollAt());
            if (outcome.giveUp()) {
                TrackedBatch failed = batch.withPollFailures(outcome.countedFailures(), null);
                giveUp(failed, BatchEnding.unreachable(failed, outcome.countedFailures(), failure.getMessage()));
                next = "it was given up after " + outcome.countedFailures() + " such failures in a row";
            } else {
                next = "it stays tracked and is polled again from " + outcome.nextPollAt()
                       + (outcome.countedFailures() > 0 ? " (" + outcome.countedFailures() + "/"
                               + configuration().getMaxPollFailures() + " failures a retry will not fix)" : "");
                LOG.warn("ScaleDown batch {}: {}; {}", batch.batchId(), failure.getMessage(), next);
                getEndpoint().getObserver().retryScheduled(failedOperation(failure),
                        Duration.between(Instant.now(), outcome.nextPollAt()));
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
    private int giveUp(TrackedBatch batch, BatchEnding ending) throws Exception {
        LOG.warn("{}", ending.reason());
        return deliver(batch, ending.code(), batch.hasSubmittedItems()
                ? () -> trackedDelivery.deliver(batch, ending, false, false)
                : () -> {
                    watchedDelivery.giveUp(batch, ending.reason());
                    return 0;
                });
    }

    /** Routes a batch's items; returns the exchanges routed. */
    @FunctionalInterface
    private interface BatchDelivery {
        int deliver() throws Exception;
    }

    /**
     * Delivers a batch that is ready, then forgets it once every item is accounted for: here, or, with
     * {@code parallelBatches} greater than 1 and called by a poll, on the pool under the lease the poll took. A batch
     * handed over counts as one message of the poll, so Camel's idle options do not take a busy consumer for an idle
     * one.
     */
    private int deliver(TrackedBatch batch, String endState, BatchDelivery delivery) throws Exception {
        DeliveryRun run = runs.get();
        ParallelBatchDeliveries pool = parallel;
        if (run.isBatchDelivery() || pool == null) {
            int emitted = delivery.deliver();
            forgetIfDone(batch, endState);
            return emitted;
        }
        BatchLease lease = run.lease();
        pool.start(batch.batchId(), () -> deliverOnPool(pool, batch, endState, delivery, lease));
        run.leaseHandedOver();
        return 1;
    }

    private void deliverOnPool(ParallelBatchDeliveries pool, TrackedBatch batch, String endState,
                               BatchDelivery delivery, BatchLease lease) {
        runs.set(DeliveryRun.batchDelivery(lease));
        try {
            // the consumer may have begun to stop while the batch waited for a thread
            if (mayContinue()) {
                deliver(batch, endState, delivery);
            }
        } catch (Exception e) {
            pool.failed(failed(batch, e));
        } finally {
            runs.remove();
            lease.close();
        }
    }

    /** Once the batch left the tracker (every item accounted for), reports how it ended. */
    private void forgetIfDone(TrackedBatch batch, String endState) {
        if (tracker().pending().stream().noneMatch(b -> b.batchId().equals(batch.batchId()))) {
            pollStates.remove(batch.batchId());
            getEndpoint().getObserver().batchStateChanged(batch.batchId(), endState);
        }
    }
}
