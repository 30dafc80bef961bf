package xyz.scaledown.camel;

import xyz.scaledown.camel.model.BatchStatus;

/**
 * A tracked batch ended with status {@code failed}: none of its items will have results.
 */
public class ScaleDownBatchFailedException extends RuntimeException {

    private final transient BatchStatus status;
    private final long itemCount;

    public ScaleDownBatchFailedException(BatchStatus status, long itemCount) {
        super("ScaleDown batch " + status.batchId() + " failed; its " + itemCount + " items have no results"
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
