package xyz.scaledown.camel.model;

/**
 * One request of a batch. {@code customId} is the caller's id, echoed on the matching result line.
 */
public sealed interface BatchItem extends java.io.Serializable permits SummarizeItem, ExtractItem, ClassifyItem {

    String customId();

    String text();

    ScaleDownModel model();

    /** A copy of this item carrying another custom id. */
    BatchItem withCustomId(String customId);
}
