package xyz.scaledown.camel.consumer;

import java.util.Map;

import xyz.scaledown.camel.tracking.FollowUpKeys;

/**
 * The place of a batch's exchanges among the exchanges of the submission they answer, for Camel's batch properties:
 * a first submission numbers its own items from 0; a follow-up batch goes on where the batch it came from stopped, so
 * {@code CamelBatchIndex} counts on across a submission and its follow-ups, {@code CamelBatchSize} stays the first
 * submission's item count and {@code CamelBatchComplete} is true on its last exchange. A follow-up's range is kept
 * with each of its items (correlation entries under {@link FollowUpKeys#PREFIX}, never set as headers).
 *
 * @param first the submission-wide index of the batch's first exchange
 * @param size  the items of the first submission
 */
record SubmissionRange(int first, int size) {

    static final String FIRST = FollowUpKeys.PREFIX + "submissionIndex";
    static final String SIZE = FollowUpKeys.PREFIX + "submissionSize";

    /** The range of a batch of {@code batchSize} items, given one of its items' correlation. */
    static SubmissionRange of(Map<String, Object> correlation, int batchSize) {
        if (correlation != null && correlation.get(FIRST) != null && correlation.get(SIZE) != null) {
            return new SubmissionRange(intOf(correlation.get(FIRST)), intOf(correlation.get(SIZE)));
        }
        return new SubmissionRange(0, batchSize);
    }

    private static int intOf(Object value) {
        return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
    }

    /** The position of the batch's exchange that has {@code before} exchanges of the batch before it. */
    BatchPosition position(int before) {
        int index = first + before;
        return new BatchPosition(index, size, index + 1 == size);
    }

    /** The range that starts after this one's first {@code exchanges}. */
    SubmissionRange after(int exchanges) {
        return new SubmissionRange(first + exchanges, size);
    }

    /** Keeps this range with an item of a follow-up batch. */
    void keepIn(Map<String, Object> correlation) {
        correlation.put(FIRST, first);
        correlation.put(SIZE, size);
    }
}
