package xyz.scaledown.camel.batching;

import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Estimates how many bytes an item adds to the JSON Lines body of a batch, so batches can be kept under a byte cap.
 */
@FunctionalInterface
public interface ItemSizeEstimator {

    long estimateBytes(BatchItem item);

    /** The default: the exact size of the request line submit writes, counted by the same writer. */
    static ItemSizeEstimator jsonLine() {
        return BatchItemJson::requestLineBytes;
    }
}
