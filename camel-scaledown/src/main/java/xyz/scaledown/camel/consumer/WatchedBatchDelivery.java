package xyz.scaledown.camel.consumer;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Routes the output of a batch watched by id ({@code batchId=}) whose items were not submitted through this tracker:
 * every line, in output order, resuming after the count of lines already routed. When the batch ended early, the
 * exception handler is told after its partial output.
 */
final class WatchedBatchDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedBatchDelivery.class);

    private final DeliveryParts parts;

    WatchedBatchDelivery(DeliveryParts parts) {
        this.parts = parts;
    }

    /** Routes the output of a batch in a terminal status; returns the exchanges routed. */
    int deliver(TrackedBatch batch, BatchStatus status) throws Exception {
        String batchId = batch.batchId();
        boolean endedEarly = status.knownStatus().isEndedEarly();
        long alreadyDelivered = batch.deliveredLines();
        LOG.info("ScaleDown batch {} is {}: routing its output{}", batchId, status.status(),
                alreadyDelivered > 0 ? " (resuming after line " + alreadyDelivered + ")" : "");
        int emitted = 0;
        long index = 0;
        BatchOutput output = BatchOutputs.open(parts.client(), batchId, endedEarly);
        if (output != null) {
            try (output) {
                while (output.hasNext()) {
                    if (!parts.mayContinue().getAsBoolean()) {
                        return emitted;
                    }
                    BatchResultItem item = output.next();
                    if (index >= alreadyDelivered) {
                        BatchPosition position = new BatchPosition((int) index, !output.hasNext());
                        if (!parts.router().route(batchId, batch.totalCount(), index, position, item, Map.of())) {
                            return emitted;
                        }
                        emitted++;
                        parts.tracker().recordDeliveredLines(batchId, index + 1);
                        if (parts.progressLogInterval() > 0 && (index + 1) % parts.progressLogInterval() == 0) {
                            LOG.info("ScaleDown batch {}: {} items routed", batchId, index + 1);
                        }
                    }
                    index++;
                }
            }
        }
        if (endedEarly) {
            ended(batch, status, "ScaleDown batch " + batchId + " ended with status '" + status.status() + "' after "
                                 + index + " output lines");
        }
        parts.tracker().complete(batchId);
        LOG.info("ScaleDown batch {} done (last status '{}'): {} items routed", batchId, status.status(), index);
        return emitted;
    }

    /** Gives up a batch watched by id: the exception handler is told, and the batch is no longer polled. */
    void giveUp(TrackedBatch batch, String reason) {
        ended(batch, new BatchStatus(batch.batchId(), batch.lastStatus()).with("error", reason), reason);
        parts.tracker().complete(batch.batchId());
    }

    private void ended(TrackedBatch batch, BatchStatus status, String reason) {
        parts.router().reportBatchEnded(status, batch.totalCount(), reason);
    }
}
