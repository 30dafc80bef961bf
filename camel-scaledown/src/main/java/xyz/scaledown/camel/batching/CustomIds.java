package xyz.scaledown.camel.batching;

import java.security.SecureRandom;

import xyz.scaledown.camel.model.BatchItem;

/**
 * The one custom_id scheme for items that come without one: a prefix, a key unique to the batch, and the item's
 * 0-based position in that batch ({@code item-k7q2m9x4c1vd-0}, {@code item-k7q2m9x4c1vd-1}, ...). The key is drawn
 * when the batch starts and kept with it (in a durable aggregation repository too), so a recovered or resubmitted
 * batch keeps the ids it was given, and two batches never share a generated id: an idempotent consumer keyed on the
 * custom_id never takes two items for one. The position is what error messages name, so an id still leads straight
 * to its item; a generated id that repeats an explicit one in the same batch is refused as a duplicate, like any other.
 */
public final class CustomIds {

    public static final String DEFAULT_PREFIX = "item-";

    /** Characters of a batch key: 12 of 32 symbols, 60 random bits. */
    public static final int KEY_LENGTH = 12;

    private static final char[] SYMBOLS = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CustomIds() {
    }

    /** A new batch key, {@link #KEY_LENGTH} lowercase letters and digits. */
    public static String newBatchKey() {
        return key(RANDOM.nextLong());
    }

    /** A batch key taken from the first bytes of a digest (at least 8), in the same form as {@link #newBatchKey()}. */
    public static String keyOf(byte[] digest) {
        return key(java.nio.ByteBuffer.wrap(digest).getLong());
    }

    private static String key(long bits) {
        char[] key = new char[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            key[i] = SYMBOLS[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(key);
    }

    /** The item as is when it has a custom_id, else with {@code prefix + batchKey + "-" + position}. */
    public static BatchItem ensure(BatchItem item, String prefix, String batchKey, int position) {
        return item == null || item.customId() != null ? item : item.withCustomId(id(prefix, batchKey, position));
    }

    /** The generated custom_id of the item at {@code position} of the batch with key {@code batchKey}. */
    public static String id(String prefix, String batchKey, int position) {
        return prefix + batchKey + "-" + position;
    }
}
