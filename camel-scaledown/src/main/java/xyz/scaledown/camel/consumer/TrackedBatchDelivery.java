package xyz.scaledown.camel.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.consumer.OutputReconciler.Decision;
import xyz.scaledown.camel.consumer.OutputReconciler.Verdict;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.tracking.BatchItems;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Accounts for every submitted item of a batch that ended: routes the output lines that answer an item still
 * waiting, then one error item for each item that got none, marking each item delivered as it goes, and forgets the
 * batch once all are. Stops between items when the route fails one or the consumer stops; the next poll resumes by
 * the delivered custom_ids.
 */
final class TrackedBatchDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedBatchDelivery.class);

    private final DeliveryParts parts;

    TrackedBatchDelivery(DeliveryParts parts) {
        this.parts = parts;
    }

    /** Exchanges routed in one call of {@link #deliver}: results, and error items by code. */
    private static final class Counts {
        int results;
        int errorItems;
        final Map<String, Integer> errorCodes = new LinkedHashMap<>();

        void routed(BatchResultItem item) {
            if (item.isError()) {
                errorItems++;
                errorCodes.merge(String.valueOf(item.error().code()), 1, Integer::sum);
            } else {
                results++;
            }
        }

        /** {@code " (missing_from_output)"}, or {@code " (1 unprocessable, 2 missing_from_output)"}, or nothing. */
        String errorCodeSummary() {
            if (errorCodes.isEmpty()) {
                return "";
            }
            if (errorCodes.size() == 1) {
                return " (" + errorCodes.keySet().iterator().next() + ")";
            }
            return errorCodes.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", ", " (", ")"));
        }
    }

    /**
     * @param ending     what the items without a result get
     * @param readOutput whether the batch has an output to read first (it reached a terminal status)
     * @param partial    whether that output may be missing (the batch ended early): a 404, 409 or 410 then means none
     * @return the exchanges routed
     */
    int deliver(TrackedBatch batch, BatchEnding ending, boolean readOutput, boolean partial) throws Exception {
        String batchId = batch.batchId();
        BatchItems items = parts.tracker().items(batchId);
        OutputReconciler reconciler = new OutputReconciler(items);
        int before = items.deliveredCount();
        LOG.info("ScaleDown batch {} is {}: accounting for its {} items{}", batchId, batch.lastStatus(), items.size(),
                before > 0 ? " (" + before + " already delivered)" : "");
        Counts counts = new Counts();
        parts.tracker().openCorrelations(batchId);
        try {
            boolean finished = (!readOutput || routeOutput(batch, reconciler, partial, counts))
                               && routeErrorItems(batch, reconciler, ending, counts);
            if (!finished) {
                return counts.results + counts.errorItems;
            }
        } finally {
            parts.tracker().closeCorrelations(batchId);
        }
        parts.tracker().complete(batchId);
        LOG.info("ScaleDown batch {} done (last status '{}'): {} items accounted for: {} results routed, {} error "
                 + "items{}, {} delivered before; output lines not routed: {}", batchId, batch.lastStatus(),
                items.size(), counts.results, counts.errorItems, counts.errorCodeSummary(), before,
                reconciler.notRoutedSummary());
        return counts.results + counts.errorItems;
    }

    /** Routes the lines that answer an item still waiting; false when it stopped before the end of the output. */
    private boolean routeOutput(TrackedBatch batch, OutputReconciler reconciler, boolean partial, Counts counts)
            throws Exception {
        BatchOutput output = BatchOutputs.open(parts.client(), batch.batchId(), partial);
        if (output == null) {
            LOG.info("ScaleDown batch {} has no output: none of its items has a result", batch.batchId());
            return true;
        }
        try (output) {
            while (output.hasNext()) {
                if (!parts.mayContinue().getAsBoolean()) {
                    return false;
                }
                BatchResultItem line = output.next();
                Decision decision = reconciler.judge(line);
                if (decision.verdict() == Verdict.ROUTE) {
                    if (!routeItem(batch, reconciler, decision.index(), line)) {
                        return false;
                    }
                    counts.routed(line);
                } else if (decision.verdict() != Verdict.ALREADY_DELIVERED) {
                    LOG.warn("ScaleDown batch {}: output line {} is not routed ({}): {}", batch.batchId(),
                            output.linesRead(), decision.verdict().label(),
                            BatchOutputs.shown(parts.client(), output.lastLine()));
                }
            }
        }
        return true;
    }

    /** Routes an error item for each item still without a result; false when it stopped before the last. */
    private boolean routeErrorItems(TrackedBatch batch, OutputReconciler reconciler, BatchEnding ending,
                                    Counts counts) throws Exception {
        for (int index : reconciler.undelivered().toArray()) {
            BatchResultItem errorItem = ending.errorItemFor(reconciler.customId(index));
            if (!parts.mayContinue().getAsBoolean() || !routeItem(batch, reconciler, index, errorItem)) {
                return false;
            }
            counts.routed(errorItem);
        }
        return true;
    }

    private boolean routeItem(TrackedBatch batch, OutputReconciler reconciler, int index, BatchResultItem item)
            throws Exception {
        String batchId = batch.batchId();
        int before = reconciler.deliveredCount();
        BatchPosition position = new BatchPosition(before, before + 1 == batch.totalCount());
        if (!parts.router().route(batchId, batch.totalCount(), index, position, item,
                parts.tracker().correlation(batchId, item.customId()))) {
            return false;
        }
        parts.tracker().markDelivered(batchId, index);
        reconciler.delivered(index);
        int delivered = reconciler.deliveredCount();
        if (parts.progressLogInterval() > 0 && delivered % parts.progressLogInterval() == 0) {
            LOG.info("ScaleDown batch {}: {}/{} items accounted for", batchId, delivered, batch.totalCount());
        }
        return true;
    }
}
