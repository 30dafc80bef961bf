package xyz.scaledown.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * One request of a batch as kept until its output is streamed: UTF-8 bytes instead of strings,
 * parameters shared with the other items that have the same ones.
 *
 * @param text null when the request had no {@code text}
 */
record StoredItem(byte[] customId, byte[] text, ItemParams params) {

    /** The marker that makes an item fail on its own, for tests. */
    static final String FAIL_MARKER = "[[sandbox:fail]]";

    static StoredItem of(String customId, String text, ItemParams params) {
        return new StoredItem(customId.getBytes(StandardCharsets.UTF_8),
                text == null ? null : text.getBytes(StandardCharsets.UTF_8), params);
    }

    /** Why this item cannot be processed, or null when it can. */
    static String problem(String text, ItemParams params) {
        if (text == null) {
            return "field 'text' is missing";
        }
        if (text.isBlank()) {
            return "field 'text' is empty";
        }
        if (text.contains(FAIL_MARKER)) {
            return "the text asks the sandbox to fail this item (" + FAIL_MARKER + ")";
        }
        return params.problem();
    }
}
