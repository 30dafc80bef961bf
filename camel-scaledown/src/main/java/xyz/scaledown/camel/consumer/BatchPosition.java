package xyz.scaledown.camel.consumer;

/**
 * Where one exchange stands among the exchanges of its batch, for Camel's batch-consumer properties
 * ({@code CamelBatchIndex}, {@code CamelBatchComplete}): the 0-based count of the batch's exchanges before it (across
 * polls and restarts), and whether it is the batch's last one.
 */
record BatchPosition(int index, boolean last) {
}
