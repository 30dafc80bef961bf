package xyz.scaledown.camel.producer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchBody;

/**
 * What the tracker keeps per item for its result: the correlation headers, plus the item's model as header
 * {@code CamelScaleDownModel}, so an error item (an output line without a model, or an item the API never answered)
 * still says which model it was for.
 */
final class TrackedCorrelations {

    private TrackedCorrelations() {
    }

    static Map<String, Map<String, Object>> of(BatchBody body, Map<String, Map<String, Object>> correlations) {
        Map<String, Map<String, Object>> tracked = new HashMap<>(Math.max(16, body.itemCount() * 4 / 3 + 1));
        Map<String, Map<String, Object>> modelOnly = new HashMap<>();
        body.forEachModel((customId, model) -> {
            Map<String, Object> headers = correlations.get(customId);
            if (model == null) {
                if (headers != null) {
                    tracked.put(customId, headers);
                }
            } else if (headers == null || headers.isEmpty()) {
                // one map per model, shared by every item that has no other header
                tracked.put(customId, modelOnly.computeIfAbsent(model, m -> Map.of(ScaleDownConstants.MODEL, m)));
            } else {
                Map<String, Object> withModel = new LinkedHashMap<>(headers);
                withModel.putIfAbsent(ScaleDownConstants.MODEL, model);
                tracked.put(customId, withModel);
            }
        });
        return tracked;
    }
}
