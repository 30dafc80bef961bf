package xyz.scaledown.camel.batching;

import xyz.scaledown.camel.model.BatchItem;

/**
 * The one custom_id scheme for items that come without one: a prefix and the item's 0-based position in its batch
 * ({@code item-0}, {@code item-1}, ...). Positions are what error messages name too, so an id leads straight to the
 * item; a generated id that repeats an explicit one in the same batch is refused as a duplicate, like any other.
 */
public final class CustomIds {

    public static final String DEFAULT_PREFIX = "item-";

    private CustomIds() {
    }

    /** The item as is when it has a custom_id, else with {@code prefix + position}. */
    public static BatchItem ensure(BatchItem item, String prefix, int position) {
        return item == null || item.customId() != null ? item : item.withCustomId(prefix + position);
    }
}
