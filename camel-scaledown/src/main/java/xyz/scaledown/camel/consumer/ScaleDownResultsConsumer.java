package xyz.scaledown.camel.consumer;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import xyz.scaledown.camel.tracking.ClaimedBatch;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:results}: each poll claims the tracked batches that are due (past their next poll time: back-off or
 * {@link PollInterval}), up to {@code maxBatchesPerPoll}, in one call of the tracker, and each is polled under its
 * lease by {@link BatchPoller}: one status call, and for a batch that ended, its delivery. Every submitted item comes
 * out, as its result or as an error item, and is marked delivered once its exchange completed; an item the route fails
 * or rolls back comes again at a later poll, while the batch's other items go on. A batch submitted on the same
 * tracker wakes the consumer ({@link #batchTracked()}).
 * <p>
 * With {@code parallelBatches} greater than 1, a poll claims no more batches than there are free delivery threads and
 * hands each to {@link ParallelBatchDeliveries}, which does its status call and delivery. A delivery's
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
        // counted by the store (one statement with the JDBC tracker), not batch by batch
        return TrackedBatchesView.summaryOf(tracker()).count();
    }

    @ManagedAttribute(description = "Submitted items of the tracked batches not yet delivered")
    public long getPendingItems() {
        return TrackedBatchesView.summaryOf(tracker()).pendingItems();
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
        if (configuration().getMaxBatchesPerPoll() < 1) {
            throw new IllegalArgumentException("maxBatchesPerPoll must be at least 1 but was "
                                               + configuration().getMaxBatchesPerPoll());
        }
        // two consumers over one tracker would both emit every batch
        getEndpoint().getComponent().claimTracker(tracker(), this);
        String batchId = configuration().getBatchId();
        if (batchId != null && tracker().pending().stream().noneMatch(b -> b.batchId().equals(batchId))) {
            tracker().track(TrackedBatch.watched(batchId, tracker().now()), List.of(), Map.of());
        }
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        renewals = new LeaseRenewals(executors, this);
        poller = new BatchPoller(getEndpoint(), new ItemRouter(this), renewals, new PollInterval(
                getTimeUnit().toMillis(getDelay()), configuration().getMaxPollInterval(),
                configuration().getBatchTimeout()));
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
        List<ClaimedBatch> claimed = claimDue(pool);
        Set<String> polled = new HashSet<>();
        for (int i = 0; i < claimed.size(); i++) {
            ClaimedBatch batch = claimed.get(i);
            String batchId = batch.batch().batchId();
            if (run.stop() != null || !polled.add(batchId)) {
                // not reached, or already polled in this poll: released at once, due again at the next poll
                batch.lease().close();
                continue;
            }
            if (pool != null) {
                if (pool.offer(batchId, () -> pollOnDeliveryThread(pool, batch))) {
                    // counts as a message, so Camel's idle options do not take a busy consumer for an idle one
                    emitted++;
                } else {
                    LOG.debug("Every ScaleDown delivery thread is busy: batch {} waits for a later poll", batchId);
                    batch.lease().close();
                }
                continue;
            }
            // a delivery may take long: the batches claimed after this one are released before it routes an item, so
            // this node never sits on leases it is not using (another node takes them), and claimed again after it
            List<ClaimedBatch> rest = claimed.subList(i + 1, claimed.size());
            boolean[] handedBack = { false };
            run.beforeDelivery(() -> {
                rest.forEach(c -> c.lease().close());
                handedBack[0] = true;
            });
            try {
                emitted += poller.pollUnderLease(run, batch);
            } catch (RuntimeCamelException e) {
                // one batch's trouble must not hold up the others
                failure = withSuppressed(failure, e);
            }
            run.beforeDelivery(() -> {
            });
            if (handedBack[0]) {
                if (run.stop() != null) {
                    break;
                }
                claimed = claimDue(null);
                i = -1;
            }
        }
        if (failure != null) {
            // thrown, so the scheduled poll consumer counts it: exception handler, backoff and health check
            throw failure;
        }
        return emitted;
    }

    private void pollOnDeliveryThread(ParallelBatchDeliveries pool, ClaimedBatch batch) {
        // the consumer may have begun to stop while the batch waited for a thread
        if (!isConsumerRunning()) {
            batch.lease().close();
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

    /**
     * The batches due now, with this node's lease on each: up to {@code maxBatchesPerPoll}, and no more than the
     * delivery threads that are free. With {@code batchId=}, that one batch when it is due.
     */
    private List<ClaimedBatch> claimDue(ParallelBatchDeliveries pool) {
        String batchId = configuration().getBatchId();
        try {
            if (batchId != null) {
                return claimWatched(batchId);
            }
            int limit = pool == null ? configuration().getMaxBatchesPerPoll()
                    : Math.min(configuration().getMaxBatchesPerPoll(), pool.free());
            return limit == 0 ? List.of() : tracker().claimDue(limit, id -> pool != null && pool.isTaken(id));
        } catch (RuntimeException e) {
            throw new RuntimeCamelException("Cannot claim the ScaleDown batches due for a poll", e);
        }
    }

    private List<ClaimedBatch> claimWatched(String batchId) {
        Instant now = tracker().now();
        Optional<TrackedBatch> watched = tracker().pending().stream().filter(b -> b.batchId().equals(batchId))
                .filter(b -> b.nextPollAt() == null || !now.isBefore(b.nextPollAt())).findFirst();
        if (watched.isEmpty() || parallel != null && parallel.isTaken(batchId)) {
            return List.of();
        }
        return tracker().lease(batchId).map(lease -> List.of(new ClaimedBatch(watched.get(), lease)))
                .orElseGet(() -> {
                    LOG.debug("ScaleDown batch {} is leased by another node", batchId);
                    return List.of();
                });
    }
}
