package xyz.scaledown.camel.consumer;

/**
 * Where one exchange stands among the exchanges of its submission, for Camel's batch-consumer properties
 * ({@code CamelBatchIndex}, {@code CamelBatchSize}, {@code CamelBatchComplete}): the 0-based count of the exchanges
 * before it (across polls, restarts and follow-up batches, see {@link SubmissionRange}), the submission's items
 * (negative when unknown: a batch watched by id), and whether it is the last one.
 */
record BatchPosition(int index, int size, boolean last) {
}
