package xyz.scaledown.bench.data;

import java.util.ArrayList;
import java.util.List;

/** Items {@code [from, to)} of the data set, sent as one batch. */
public record BatchRange(long from, long to) {

    public int size() {
        return (int) (to - from);
    }

    /** The custom_ids of the range's items, in order. */
    public List<String> customIds() {
        List<String> ids = new ArrayList<>(size());
        for (long index = from; index < to; index++) {
            ids.add(BenchItems.customId(index));
        }
        return ids;
    }

    /** Splits {@code items} into consecutive batches of at most {@code batchItems}. */
    public static List<BatchRange> split(long items, int batchItems) {
        List<BatchRange> ranges = new ArrayList<>();
        for (long from = 0; from < items; from += batchItems) {
            ranges.add(new BatchRange(from, Math.min(items, from + batchItems)));
        }
        return ranges;
    }
}
