package xyz.scaledown.camel;

/**
 * An item of a batch is not acceptable; raised before any HTTP call.
 */
public class InvalidBatchItemException extends IllegalArgumentException {

    private final int index;
    private final String customId;
    private final String field;

    public InvalidBatchItemException(int index, String customId, String field, String problem) {
        super("item " + index + " (" + (customId == null ? "no custom_id" : "custom_id '" + customId + "'")
              + "): field '" + field + "' " + problem);
        this.index = index;
        this.customId = customId;
        this.field = field;
    }

    /** The 0-based position of the item in the batch. */
    public int getIndex() {
        return index;
    }

    /** The item's custom id, or null when it has none. */
    public String getCustomId() {
        return customId;
    }

    /** The wire name of the offending field, e.g. {@code text} or {@code labels[1].rubric}. */
    public String getField() {
        return field;
    }
}
