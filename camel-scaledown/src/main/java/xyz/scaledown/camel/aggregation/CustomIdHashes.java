package xyz.scaledown.camel.aggregation;

/**
 * A compact set of 64-bit hashes of custom ids (open addressing, 16 bytes per item at most), so the duplicate check of
 * a batch of a million items stays a few megabytes in heap. A hit may be a hash collision; the caller then asks the
 * store.
 */
final class CustomIdHashes {

    private static final long EMPTY = 0;

    private long[] slots = new long[1024];
    private int size;

    boolean mightContain(String customId) {
        long hash = hash(customId);
        long[] table = slots;
        return table[slot(table, hash)] == hash;
    }

    void add(String customId) {
        if ((size + 1) * 2 > slots.length) {
            long[] bigger = new long[slots.length * 2];
            for (long hash : slots) {
                if (hash != EMPTY) {
                    insert(bigger, hash);
                }
            }
            slots = bigger;
        }
        if (insert(slots, hash(customId))) {
            size++;
        }
    }

    /** True when the hash was not there yet. */
    private static boolean insert(long[] table, long hash) {
        int i = slot(table, hash);
        boolean added = table[i] == EMPTY;
        table[i] = hash;
        return added;
    }

    /** Where the hash is in the table (linear probing), or the empty slot where it would go. */
    private static int slot(long[] table, long hash) {
        int mask = table.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (table[i] != EMPTY && table[i] != hash) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** FNV-1a over the chars, finished with a 64-bit mix; never {@link #EMPTY}. */
    private static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == EMPTY ? 1 : h;
    }
}
