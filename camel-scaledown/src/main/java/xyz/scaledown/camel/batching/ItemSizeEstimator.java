package xyz.scaledown.camel.batching;

import xyz.scaledown.camel.client.BatchRequestWriter;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Estimates how many bytes an item adds to the JSON Lines body of a batch, so batches can be kept under a byte cap
 * without serialising every item twice.
 */
@FunctionalInterface
public interface ItemSizeEstimator {

    long estimateBytes(BatchItem item);

    /** The default: the size of the request line submit writes, as {@link BatchRequestWriter} reckons it. */
    static ItemSizeEstimator jsonLine() {
        return BatchRequestWriter.standard()::estimateBytes;
    }
}
