package xyz.scaledown.camel;

import xyz.scaledown.camel.model.BatchResultItem;

/**
 * A result item whose {@code error} is set, handed to the error handler when {@code errorItemHandling=exception}.
 */
public class ScaleDownItemFailedException extends RuntimeException {

    private final transient BatchResultItem item;
    private final String batchId;

    public ScaleDownItemFailedException(String batchId, BatchResultItem item) {
        super("ScaleDown item " + item.customId() + " of batch " + batchId + " failed: " + item.error().code() + ": "
              + item.error().message());
        this.batchId = batchId;
        this.item = item;
    }

    public BatchResultItem getItem() {
        return item;
    }

    public String getBatchId() {
        return batchId;
    }
}
