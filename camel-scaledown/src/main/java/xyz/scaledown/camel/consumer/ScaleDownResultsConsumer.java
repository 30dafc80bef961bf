package xyz.scaledown.camel.consumer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ErrorItemHandling;
import xyz.scaledown.camel.ScaleDownBatchFailedException;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.ScaleDownItemFailedException;
import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.tracking.BatchLease;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:results}: on each poll, one status call per tracked batch; a completed batch's output is read as
 * a stream and each line becomes its own exchange. Progress is recorded after each item, so a restart resumes
 * after the last delivered item; a batch leaves the tracker only once every item went through the route.
 */
public class ScaleDownResultsConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownResultsConsumer.class);

    private final Map<String, String> lastLoggedProgress = new ConcurrentHashMap<>();

    public ScaleDownResultsConsumer(ScaleDownEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public ScaleDownEndpoint getEndpoint() {
        return (ScaleDownEndpoint) super.getEndpoint();
    }

    private ScaleDownConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    private BatchTracker tracker() {
        return getEndpoint().getTracker();
    }

    @Override
    protected void doStart() throws Exception {
        // two consumers over one tracker would both emit every batch
        getEndpoint().getComponent().claimTracker(tracker(), this);
        String batchId = configuration().getBatchId();
        if (batchId != null && tracker().pending().stream().noneMatch(b -> b.batchId().equals(batchId))) {
            tracker().track(TrackedBatch.watched(batchId), List.of(), Map.of());
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        getEndpoint().getComponent().releaseTracker(tracker(), this);
    }

    /** False once the consumer is stopping or suspending (graceful shutdown): a batch then stops between items. */
    private boolean mayContinue() {
        return isRunAllowed() && !isSuspendingOrSuspended();
    }

    @Override
    protected int poll() throws Exception {
        int emitted = 0;
        RuntimeCamelException failure = null;
        for (TrackedBatch batch : batchesToWatch()) {
            if (!mayContinue()) {
                break;
            }
            try (BatchLease lease = tracker().lease(batch.batchId()).orElse(null)) {
                // null: another node sharing the tracker holds the batch's lease, so it is left to that node
                emitted += lease == null ? 0 : pollBatch(batch, lease);
            } catch (Exception e) {
                // one batch's trouble must not hold up the others; it stays tracked and is tried again next poll
                RuntimeCamelException batchFailure = new RuntimeCamelException("Polling ScaleDown batch "
                        + batch.batchId() + " failed; it stays tracked and is tried again on the next poll", e);
                if (failure == null) {
                    failure = batchFailure;
                } else {
                    failure.addSuppressed(batchFailure);
                }
            }
        }
        if (failure != null) {
            // thrown, so the scheduled poll consumer counts it: exception handler, backoff and health check
            throw failure;
        }
        return emitted;
    }

    private List<TrackedBatch> batchesToWatch() {
        String batchId = configuration().getBatchId();
        List<TrackedBatch> pending = tracker().pending();
        return batchId == null ? pending : pending.stream().filter(b -> b.batchId().equals(batchId)).toList();
    }

    private int pollBatch(TrackedBatch batch, BatchLease lease) throws Exception {
        BatchStatus status = getEndpoint().getClient().status(batch.batchId());
        switch (status.state()) {
            case COMPLETED:
                return emitBatch(batch, lease);
            case FAILED:
                reportFailedBatch(batch, status);
                return 1;
            default:
                noteProgress(batch, status);
                return 0;
        }
    }

    private void noteProgress(TrackedBatch batch, BatchStatus status) {
        if (!Objects.equals(status.status(), batch.lastStatus())) {
            tracker().markStatus(batch.batchId(), status.status());
        }
        Object done = status.additionalFields().get("completed_count");
        Object total = batch.totalCount() > 0 ? batch.totalCount() : status.additionalFields().getOrDefault("total_count", "?");
        String progress = status.status() + (done == null ? "" : " (" + done + "/" + total + " items processed)");
        // an operator wants to see each change, not the same line every poll
        if (!progress.equals(lastLoggedProgress.put(batch.batchId(), progress))) {
            LOG.info("ScaleDown batch {} is {}", batch.batchId(), progress);
        } else {
            LOG.debug("ScaleDown batch {} is still {}", batch.batchId(), progress);
        }
    }

    private int emitBatch(TrackedBatch batch, BatchLease lease) throws Exception {
        String batchId = batch.batchId();
        long alreadyDelivered = batch.deliveredLines();
        LOG.info("ScaleDown batch {} completed: routing {} items{}", batchId, batch.totalCount(),
                alreadyDelivered > 0 ? " (resuming after item " + alreadyDelivered + ")" : "");
        int emitted = 0;
        long index = 0;
        tracker().openCorrelations(batchId);
        try (BatchOutput output = getEndpoint().getClient().output(batchId)) {
            // the lease is renewed between items; once lost, another node resumes the batch
            while (mayContinue() && lease.keep() && output.hasNext()) {
                BatchResultItem item = output.next();
                if (index < alreadyDelivered) {
                    index++;
                    continue;
                }
                if (!deliver(batch, index, item)) {
                    return emitted;
                }
                index++;
                emitted++;
                tracker().recordDeliveredLines(batchId, index);
                int logInterval = configuration().getProgressLogInterval();
                if (logInterval > 0 && index % logInterval == 0) {
                    LOG.info("ScaleDown batch {}: {}/{} items routed", batchId, index, batch.totalCount());
                }
            }
            if (!mayContinue() || !lease.keep()) {
                return emitted;
            }
        } finally {
            tracker().closeCorrelations(batchId);
        }
        if (batch.totalCount() > 0 && index != batch.totalCount()) {
            LOG.warn("ScaleDown batch {}: the output had {} items where the batch was submitted with {}", batchId,
                    index, batch.totalCount());
        }
        tracker().complete(batchId);
        lastLoggedProgress.remove(batchId);
        LOG.info("ScaleDown batch {} delivered: {} items routed", batchId, index);
        return emitted;
    }

    /** Routes one item; false when the route failed it, so the batch stops here and resumes from it next poll. */
    private boolean deliver(TrackedBatch batch, long index, BatchResultItem item) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            ResultExchangeFiller.fill(exchange, batch.batchId(), batch.totalCount(), index, item,
                    tracker().correlation(batch.batchId(), item.customId()));
            if (item.isError() && configuration().getErrorItemHandling() == ErrorItemHandling.exception) {
                getExceptionHandler().handleException("ScaleDown result item failed", exchange,
                        new ScaleDownItemFailedException(batch.batchId(), item));
                return true;
            }
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Routing result item " + item.customId() + " of ScaleDown batch "
                                                      + batch.batchId() + " failed; it is retried on the next poll",
                        exchange, exchange.getException());
                return false;
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void reportFailedBatch(TrackedBatch batch, BatchStatus status) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(status);
            exchange.getIn().setHeader(ScaleDownConstants.BATCH_ID, batch.batchId());
            exchange.getIn().setHeader(ScaleDownConstants.BATCH_STATUS, status.status());
            exchange.getIn().setHeader(ScaleDownConstants.BATCH_SIZE, batch.totalCount());
            getExceptionHandler().handleException("ScaleDown batch " + batch.batchId() + " failed", exchange,
                    new ScaleDownBatchFailedException(status, batch.totalCount()));
            tracker().complete(batch.batchId());
            lastLoggedProgress.remove(batch.batchId());
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
