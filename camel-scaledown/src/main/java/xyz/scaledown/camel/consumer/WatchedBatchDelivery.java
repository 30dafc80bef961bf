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

    /**
     * Routes the output of a batch in a terminal status. The lines keep their order: a line the route fails stops the
     * batch there, and a later poll starts again from it.
     */
    DeliveryOutcome deliver(DeliveryRun run, TrackedBatch batch, BatchStatus status, BatchPollState state)
            throws Exception {
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
                    if (run.stop() != null) {
                        return new DeliveryOutcome(emitted, 0, false);
                    }
                    BatchResultItem item = output.next();
                    if (index >= alreadyDelivered) {
                        String line = "line " + index;
                        BatchPosition position = new BatchPosition((int) index, -1, !output.hasNext());
                        if (!parts.router().route(run, batchId, batch.totalCount(), index, position, item, Map.of(),
                                state.routeFailures(line), null)) {
                            state.routeFailed(line);
                            return new DeliveryOutcome(emitted, 1, false);
                        }
                        if (!parts.tracker().recordDeliveredLines(run.lease(), batchId, index + 1)) {
                            return new DeliveryOutcome(emitted, 0, false);
                        }
                        state.routed(line);
                        emitted++;
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
        if (!parts.tracker().complete(run.lease(), batchId)) {
            return new DeliveryOutcome(emitted, 0, false);
        }
        LOG.info("ScaleDown batch {} done (last status '{}'): {} items routed", batchId, status.status(), index);
        return new DeliveryOutcome(emitted, 0, true);
    }

    /** Gives up a batch watched by id: the exception handler is told, and the batch is no longer polled. */
    DeliveryOutcome giveUp(DeliveryRun run, TrackedBatch batch, String reason) {
        ended(batch, new BatchStatus(batch.batchId(), batch.lastStatus()).with("error", reason), reason);
        return new DeliveryOutcome(0, 0, parts.tracker().complete(run.lease(), batch.batchId()));
    }

    private void ended(TrackedBatch batch, BatchStatus status, String reason) {
        parts.router().reportBatchEnded(status, batch.totalCount(), reason);
    }
}
