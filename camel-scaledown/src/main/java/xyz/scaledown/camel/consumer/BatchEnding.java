package xyz.scaledown.camel.consumer;

import java.time.Duration;

import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.ResultError;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * How a tracked batch ended for the items the API did not answer: the error code they get and what happened, with
 * the batch id and the last status. Makes their error items.
 */
record BatchEnding(String code, String reason) {

    /** The batch completed: an item without a readable output line is missing from it. */
    static BatchEnding completed(BatchStatus status) {
        return new BatchEnding(ScaleDownErrorCodes.MISSING_FROM_OUTPUT, "ScaleDown batch " + status.batchId()
                + " completed (last status '" + status.status() + "') but its output has no readable line for this"
                + " item");
    }

    /** The batch ended failed, expired or cancelled: the items not in its partial output never get a result. */
    static BatchEnding endedEarly(BatchStatus status) {
        Object error = status.additionalFields().get("error");
        return new BatchEnding(codeOf(status.knownStatus()), "ScaleDown batch " + status.batchId() + " ended with status '"
                + status.status() + "' before this item had a result" + (error == null ? "" : ": " + error));
    }

    static BatchEnding timedOut(TrackedBatch batch, Duration timeout) {
        return new BatchEnding(ScaleDownErrorCodes.BATCH_TIMEOUT, "ScaleDown batch " + batch.batchId()
                + " was not finished within batchTimeout (" + timeout + " after submit; last status '"
                + batch.lastStatus() + "'); it is no longer polled");
    }

    static BatchEnding unreachable(TrackedBatch batch, int failures, String lastFailure) {
        return new BatchEnding(ScaleDownErrorCodes.BATCH_UNREACHABLE, "ScaleDown batch " + batch.batchId()
                + " was given up: " + failures + " calls in a row failed, the last with an error a retry will not fix ("
                + lastFailure + "); last status '" + batch.lastStatus() + "'");
    }

    /** The error item standing for one submitted item without a result. */
    BatchResultItem errorItemFor(String customId) {
        return new BatchResultItem(customId, null, 0, null, new ResultError(code, reason));
    }

    private static String codeOf(KnownBatchStatus state) {
        return switch (state) {
            case EXPIRED -> ScaleDownErrorCodes.BATCH_EXPIRED;
            case CANCELLED -> ScaleDownErrorCodes.BATCH_CANCELLED;
            default -> ScaleDownErrorCodes.BATCH_FAILED;
        };
    }
}
