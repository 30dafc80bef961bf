package xyz.scaledown.camel.producer;

import java.util.Map;

import xyz.scaledown.camel.client.BatchBody;

/**
 * What submit sends (items already validated), and the correlation headers (by custom id) the tracker keeps for the results.
 */
record SubmitRequest(BatchBody body, Map<String, Map<String, Object>> correlations) {
}
