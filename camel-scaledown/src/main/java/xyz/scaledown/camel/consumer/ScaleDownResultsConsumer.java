package xyz.scaledown.camel.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import xyz.scaledown.camel.observe.TrackedBatchesView;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:results}: on each poll, every tracked batch that is due (past its back-off) is polled under its
 * lease by {@link BatchPoller}: one status call, and for a batch that ended, its delivery. Every submitted item comes
 * out, as its result or as an error item, and is marked delivered once its exchange completed; an item the route fails
 * or rolls back comes again at a later poll, while the batch's other items go on. A batch submitted on the same
 * tracker wakes the consumer ({@link #batchTracked()}).
 * <p>
 * With {@code parallelBatches} greater than 1, a poll offers each due batch to {@link ParallelBatchDeliveries}; a
 * delivery thread claims the batch's lease when it takes it, and does its status call and delivery. A delivery's
 * failure is raised by the next poll.
 */
@ManagedResource(description = "Managed ScaleDown results consumer")
public class ScaleDownResultsConsumer extends ScheduledPollConsumer implements BatchTrackedListener {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownResultsConsumer.class);

    /** Null when {@code parallelBatches} is 1: the poll thread delivers. */
    private volatile ParallelBatchDeliveries parallel;
    private LeaseRenewals renewals;
    private BatchPoller poller;
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
        FollowUpPolicy.of(configuration());
        // two consumers over one tracker would both emit every batch
        getEndpoint().getComponent().claimTracker(tracker(), this);
        String batchId = configuration().getBatchId();
        if (batchId != null && tracker().pending().stream().noneMatch(b -> b.batchId().equals(batchId))) {
            tracker().track(TrackedBatch.watched(batchId), List.of(), Map.of());
        }
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        renewals = new LeaseRenewals(executors, this);
        poller = new BatchPoller(getEndpoint(), new ItemRouter(this), renewals);
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
                emitted += poller.pollUnderLease(run, batch);
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
            poller.pollUnderLease(newRun(), batch);
        } catch (RuntimeCamelException e) {
            pool.failed(e);
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
}
