package xyz.scaledown.camel.producer;

import java.util.Map;
import java.util.function.Supplier;

import xyz.scaledown.camel.client.BatchBody;

/**
 * What submit sends (items already validated), and the correlation headers (by custom id) the tracker keeps for the
 * results: read only when the tracker does not hold them already.
 */
record SubmitRequest(BatchBody body, Supplier<Map<String, Map<String, Object>>> correlations) {
}
