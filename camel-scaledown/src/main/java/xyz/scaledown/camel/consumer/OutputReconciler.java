package xyz.scaledown.camel.consumer;

import java.util.BitSet;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import xyz.scaledown.camel.client.OutputLineParser;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.tracking.BatchItems;

/**
 * Matches a tracked batch's output lines to its submitted items: decides which lines are routed (the first readable
 * answer for a custom_id still waiting) and, once the output is read, which items got none. Holds one batch's items.
 */
final class OutputReconciler {

    /** What to do with one output line. */
    enum Verdict {
        /** The first line for an item still waiting: route it. */
        ROUTE,
        /** Its item went through the route before this read (an earlier poll or run): skip it quietly. */
        ALREADY_DELIVERED,
        /** Not routed: the line could not be read and names no submitted custom_id. */
        UNREADABLE,
        /** Not routed: the custom_id was not submitted in this batch. */
        UNKNOWN_CUSTOM_ID,
        /** Not routed: its item was already routed from an earlier line of this output. */
        DUPLICATE;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** The verdict on a line and, when it names a submitted item, that item's index. */
    record Decision(Verdict verdict, int index) {
    }

    private final BatchItems items;
    private final BatchItems deliveredBefore;
    /** Items whose line the route failed in this read: neither delivered nor missing from the output. */
    private final BitSet failed = new BitSet();
    /** Items held for a follow-up batch in this read: not routed here, accounted for once the follow-up is sent. */
    private final BitSet held = new BitSet();
    private final int[] counts = new int[Verdict.values().length];
    private int deliveredCount;

    /** {@code items} is marked as lines are routed; the state before this read is kept apart. */
    OutputReconciler(BatchItems items) {
        this.items = items;
        this.deliveredBefore = items.copy();
        this.deliveredCount = items.deliveredCount();
    }

    Decision judge(BatchResultItem line) {
        int index = items.indexOf(line.customId());
        Verdict verdict;
        if (index < 0) {
            verdict = line.customId() == null || isUnreadable(line)
                    ? Verdict.UNREADABLE : Verdict.UNKNOWN_CUSTOM_ID;
        } else if (deliveredBefore.isDelivered(index)) {
            verdict = Verdict.ALREADY_DELIVERED;
        } else if (items.isDelivered(index) || failed.get(index) || held.get(index)) {
            verdict = Verdict.DUPLICATE;
        } else {
            verdict = Verdict.ROUTE;
        }
        counts[verdict.ordinal()]++;
        return new Decision(verdict, index);
    }

    private static boolean isUnreadable(BatchResultItem line) {
        return line.isError() && OutputLineParser.INVALID_LINE.equals(line.error().code());
    }

    /** Records that the item at {@code index} went through the route. */
    void delivered(int index) {
        if (!items.isDelivered(index)) {
            items.markDelivered(index);
            deliveredCount++;
        }
    }

    /** Records that the route failed the item at {@code index}: it comes again at a later poll. */
    void failed(int index) {
        failed.set(index);
    }

    /** Records that the item at {@code index} goes into a follow-up batch instead of being routed. */
    void held(int index) {
        held.set(index);
    }

    boolean isHeld(int index) {
        return held.get(index);
    }

    /** The indexes of the items without a result in this output (and not failed by the route), in submission order. */
    IntStream withoutResult() {
        return IntStream.range(0, items.size()).filter(i -> !items.isDelivered(i) && !failed.get(i));
    }

    int deliveredCount() {
        return deliveredCount;
    }

    String customId(int index) {
        return items.customId(index);
    }

    int count(Verdict verdict) {
        return counts[verdict.ordinal()];
    }

    /** Lines not routed, for the completion log line: e.g. {@code 3 (1 unreadable, 2 duplicate)}. */
    String notRoutedSummary() {
        int total = count(Verdict.UNREADABLE) + count(Verdict.UNKNOWN_CUSTOM_ID) + count(Verdict.DUPLICATE);
        if (total == 0) {
            return "0";
        }
        return total + " (" + Stream.of(Verdict.UNREADABLE, Verdict.UNKNOWN_CUSTOM_ID,
                Verdict.DUPLICATE).filter(v -> count(v) > 0).map(v -> count(v) + " " + v.label())
                .collect(Collectors.joining(", ")) + ")";
    }
}
