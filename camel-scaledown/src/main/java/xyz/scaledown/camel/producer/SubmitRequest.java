package xyz.scaledown.camel.producer;

import java.util.List;
import java.util.Map;

import xyz.scaledown.camel.model.BatchItem;

/**
 * What submit sends, and the correlation headers (by custom id) the tracker keeps for the results.
 */
record SubmitRequest(List<BatchItem> items, Map<String, Map<String, Object>> correlations) {
}
