package xyz.scaledown.camel.batching;

import xyz.scaledown.camel.model.BatchItem;

/**
 * Estimates how many bytes an item adds to the JSON Lines body of a batch, so batches can be kept under a byte cap
 * without serialising every item twice.
 */
@FunctionalInterface
public interface ItemSizeEstimator {

    long estimateBytes(BatchItem item);

    /** The default: the UTF-8 size of the item's request line, counting JSON escapes. */
    static ItemSizeEstimator jsonLine() {
        return JsonLineSizeEstimator.INSTANCE;
    }
}
