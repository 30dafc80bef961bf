package xyz.scaledown.camel;

import xyz.scaledown.camel.model.BatchStatus;

/**
 * A batch watched by id ({@code batchId=} on the results consumer, its items unknown to the tracker) ended without
 * results for the items not in its output: it ended failed, expired or cancelled, timed out or could not be polled.
 * (A batch submitted through the tracker reports such items one by one, as error items.)
 */
public class ScaleDownBatchFailedException extends RuntimeException {

    private final transient BatchStatus status;
    private final long itemCount;

    public ScaleDownBatchFailedException(BatchStatus status, long itemCount) {
        super("ScaleDown batch " + status.batchId() + " ended with status '" + status.status() + "'; its "
              + (itemCount >= 0 ? itemCount + " " : "") + "items not in its output have no results"
              + (status.additionalFields().containsKey("error") ? ": " + status.additionalFields().get("error") : ""));
        this.status = status;
        this.itemCount = itemCount;
    }

    public BatchStatus getStatus() {
        return status;
    }

    public String getBatchId() {
        return status.batchId();
    }

    public long getItemCount() {
        return itemCount;
    }
}
