package xyz.scaledown.camel.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.consumer.OutputReconciler.Decision;
import xyz.scaledown.camel.consumer.OutputReconciler.Verdict;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.tracking.BatchItems;
import xyz.scaledown.camel.tracking.FollowUpKeys;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Accounts for every submitted item of a batch that ended: routes the output lines that answer an item still
 * waiting, then one error item for each item that got none, marking each item delivered (under the batch's lease) as
 * its exchange completes, and forgets the batch once all are. An item the route fails is left undelivered and the
 * others go on; it comes again at a later poll. Stops between items when the run must stop ({@link DeliveryRun#stop()}),
 * and at once when a mark finds another node holding the batch; a later poll resumes by the delivered custom_ids.
 */
final class TrackedBatchDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedBatchDelivery.class);

    private final DeliveryParts parts;
    private final FollowUpBatches followUps;

    TrackedBatchDelivery(DeliveryParts parts, FollowUpBatches followUps) {
        this.parts = parts;
        this.followUps = followUps;
    }

    /** One delivery of one batch: what it routed so far (results, and error items by code), and whether it had to stop. */
    private static final class Pass {
        final DeliveryRun run;
        final TrackedBatch batch;
        final OutputReconciler reconciler;
        final BatchPollState state;
        /** The items that go into a follow-up batch instead of being routed now, in submission order. */
        final List<FollowUpBatches.Held> held = new ArrayList<>();
        /** Items that could not be held because their request line was not kept: warned about once per pass. */
        int withoutRequestLine;
        int results;
        int errorItems;
        final Map<String, Integer> errorCodes = new LinkedHashMap<>();
        int failed;
        DeliveryRun.Stop stopped;

        Pass(DeliveryRun run, TrackedBatch batch, OutputReconciler reconciler, BatchPollState state) {
            this.run = run;
            this.batch = batch;
            this.reconciler = reconciler;
            this.state = state;
        }

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

        /** True when the run must not route another item; remembers why. */
        boolean mustStop() {
            if (stopped == null) {
                stopped = run.stop();
            }
            return stopped != null;
        }
    }

    /**
     * @param ending     what the items without a result get
     * @param readOutput whether the batch has an output to read first (it reached a terminal status)
     * @param partial    whether that output may be missing (the batch ended early): a 404, 409 or 410 then means none
     */
    DeliveryOutcome deliver(DeliveryRun run, TrackedBatch batch, BatchEnding ending, boolean readOutput,
                            boolean partial, BatchPollState state) throws Exception {
        String batchId = batch.batchId();
        BatchItems items = parts.tracker().items(batchId);
        Pass pass = new Pass(run, batch, new OutputReconciler(items), state);
        int before = items.deliveredCount();
        LOG.info("ScaleDown batch {} is {}: accounting for its {} items{}", batchId, batch.lastStatus(), items.size(),
                before > 0 ? " (" + before + " already delivered)" : "");
        parts.tracker().openCorrelations(batchId);
        try {
            if (readOutput) {
                routeOutput(pass, partial);
            }
            routeErrorItems(pass, ending);
        } finally {
            parts.tracker().closeCorrelations(batchId);
        }
        int routed = pass.results + pass.errorItems;
        if (pass.stopped != null || pass.failed > 0) {
            LOG.info("ScaleDown batch {}: {} items routed in this poll, {} failed in the route{}", batchId, routed,
                    pass.failed, pass.stopped == null ? "" : "; stopped: " + pass.stopped);
            return new DeliveryOutcome(routed, pass.failed, false);
        }
        int resubmitted = 0;
        if (!pass.held.isEmpty()) {
            Instant now = parts.tracker().now();
            Instant due = state.followUpDue(now, parts.client().retryDelay(pass.held.get(0).attempt(), null));
            if (now.isBefore(due)) {
                LOG.info("ScaleDown batch {}: {} items without an answer go into a follow-up batch from {}", batchId,
                        pass.held.size(), due);
                return new DeliveryOutcome(routed, 0, false, due);
            }
            int handedOver = handOver(pass, ending);
            if (pass.stopped != null || pass.failed > 0) {
                return new DeliveryOutcome(pass.results + pass.errorItems, pass.failed, false);
            }
            resubmitted = handedOver;
            routed = pass.results + pass.errorItems;
        }
        if (!parts.tracker().complete(run.lease(), batchId)) {
            return new DeliveryOutcome(routed, 0, false);
        }
        if (resubmitted > 0) {
            followUps.forget(batchId);
        }
        LOG.info("ScaleDown batch {} done (last status '{}'): {} items accounted for: {} results routed, {} error "
                 + "items{}, {} sent again in a follow-up batch, {} delivered before; output lines not routed: {}",
                batchId, batch.lastStatus(), items.size(), pass.results, pass.errorItems, pass.errorCodeSummary(),
                resubmitted, before,
                pass.reconciler.notRoutedSummary());
        return new DeliveryOutcome(routed, 0, true);
    }

    /** Routes the lines that answer an item still waiting, until the end of the output or the run must stop. */
    private void routeOutput(Pass pass, boolean partial) throws Exception {
        String batchId = pass.batch.batchId();
        BatchOutput output = BatchOutputs.open(parts.client(), batchId, partial);
        if (output == null) {
            LOG.info("ScaleDown batch {} has no output: none of its items has a result", batchId);
            return;
        }
        try (output) {
            while (output.hasNext() && !pass.mustStop()) {
                BatchResultItem line = output.next();
                Decision decision = pass.reconciler.judge(line);
                if (decision.verdict() == Verdict.ROUTE) {
                    if (FollowUpPolicy.isRetryableItemError(line)
                        && hold(pass, decision.index(), ScaleDownErrorCodes.ITEM_RETRYABLE, line)) {
                        continue;
                    }
                    if (routeItem(pass, decision.index(), line)) {
                        pass.routed(line);
                    }
                } else if (decision.verdict() != Verdict.ALREADY_DELIVERED) {
                    LOG.warn("ScaleDown batch {}: output line {} is not routed ({}): {}", batchId,
                            output.linesRead(), decision.verdict().label(),
                            BatchOutputs.shown(parts.client(), output.lastLine()));
                }
            }
        }
    }

    /**
     * Routes an error item for each item without a result in the output, until the last or the run must stop; an item
     * with attempts left under a {@code resubmitOn} code is held for a follow-up batch instead.
     */
    private void routeErrorItems(Pass pass, BatchEnding ending) throws Exception {
        for (int index : pass.reconciler.withoutResult().toArray()) {
            if (pass.mustStop()) {
                return;
            }
            if (pass.reconciler.isHeld(index) || hold(pass, index, ending.code(), null)) {
                continue;
            }
            BatchResultItem errorItem = ending.errorItemFor(pass.reconciler.customId(index));
            if (routeItem(pass, index, errorItem)) {
                pass.routed(errorItem);
            }
        }
    }

    /**
     * Holds the item for a follow-up batch when the policy resubmits its code at its attempt and its request line was
     * kept; false when it is routed now.
     */
    private boolean hold(Pass pass, int index, String code, BatchResultItem answer) {
        String customId = pass.reconciler.customId(index);
        Map<String, Object> correlation = parts.tracker().correlation(pass.batch.batchId(), customId);
        if (!followUps.policy().resubmits(code, FollowUpKeys.attempt(correlation))) {
            return false;
        }
        String requestLine = parts.tracker().requestLine(pass.batch.batchId(), index);
        if (requestLine == null) {
            if (pass.withoutRequestLine++ == 0) {
                LOG.warn("ScaleDown batch {}: its items without an answer ({} first) cannot go into a follow-up batch:"
                        + " their request lines were not kept (submitted where no results consumer with maxAttempts > 1"
                        + " shares the tracker); they come out as error items", pass.batch.batchId(), customId);
            }
            return false;
        }
        pass.reconciler.held(index);
        pass.held.add(new FollowUpBatches.Held(index, customId, code, correlation, requestLine, answer));
        return true;
    }

    /**
     * Sends the held items in follow-up batches, then marks each of them accounted for in this batch; an item whose
     * follow-up may or may not exist (a crash during its POST) is routed as an error item instead. Returns how many
     * went into a follow-up.
     */
    private int handOver(Pass pass, BatchEnding ending) throws Exception {
        String batchId = pass.batch.batchId();
        // the follow-ups go on numbering the submission's exchanges where this batch's routed ones stop
        SubmissionRange followUpRange = SubmissionRange.of(pass.held.get(0).correlation(), pass.batch.totalCount())
                .after(pass.reconciler.deliveredCount());
        Set<Integer> notSent = new HashSet<>();
        followUps.send(batchId, pass.held, followUpRange).forEach(item -> notSent.add(item.index()));
        int handedOver = 0;
        // the items handed over first, so the items routed here after them come after them in the numbering
        for (FollowUpBatches.Held item : pass.held) {
            if (notSent.contains(item.index())) {
                continue;
            }
            if (!parts.tracker().markDelivered(pass.run.lease(), batchId, item.index())) {
                pass.stopped = DeliveryRun.Stop.LEASE_LOST;
                return handedOver;
            }
            pass.reconciler.delivered(item.index());
            handedOver++;
        }
        for (FollowUpBatches.Held item : pass.held) {
            if (pass.stopped != null) {
                break;
            }
            if (notSent.contains(item.index())) {
                BatchResultItem error = item.answer() != null ? item.answer() : new BatchEnding(item.code(),
                        ending.reason() + "; its follow-up batch may or may not have been created and is not sent"
                        + " again (resubmitUncertain=false)").errorItemFor(item.customId());
                if (routeItem(pass, item.index(), error)) {
                    pass.errorItems++;
                }
            }
        }
        return handedOver;
    }

    /** Routes one item and marks it delivered when its exchange completed; false when it was not marked. */
    private boolean routeItem(Pass pass, int index, BatchResultItem item) throws Exception {
        String batchId = pass.batch.batchId();
        String customId = pass.reconciler.customId(index);
        int before = pass.reconciler.deliveredCount();
        int total = pass.batch.totalCount();
        Map<String, Object> correlation = parts.tracker().correlation(batchId, item.customId());
        BatchPosition position = SubmissionRange.of(correlation, total).position(before);
        TransactedMark mark = TransactedMark.forItem(parts.tracker(), pass.run.lease(), batchId, index);
        boolean completed = parts.router().route(pass.run, batchId, total, index, position, item, correlation,
                pass.state.routeFailures(customId), mark);
        if (mark != null && mark.leaseLost()) {
            // the route's transaction rolled back with the refused mark: the batch's holder routes the item
            pass.stopped = DeliveryRun.Stop.LEASE_LOST;
            return false;
        }
        boolean markedInRoute = mark != null && mark.committed();
        if (!completed && !markedInRoute) {
            pass.state.routeFailed(customId);
            pass.reconciler.failed(index);
            pass.failed++;
            return false;
        }
        if (!markedInRoute && !parts.tracker().markDelivered(pass.run.lease(), batchId, index)) {
            // another node holds the batch now: it routes this item again, this node stops here
            pass.stopped = DeliveryRun.Stop.LEASE_LOST;
            return false;
        }
        pass.state.routed(customId);
        pass.reconciler.delivered(index);
        int delivered = pass.reconciler.deliveredCount();
        if (parts.progressLogInterval() > 0 && delivered % parts.progressLogInterval() == 0) {
            LOG.info("ScaleDown batch {}: {}/{} items accounted for", batchId, delivered, total);
        }
        return true;
    }
}
