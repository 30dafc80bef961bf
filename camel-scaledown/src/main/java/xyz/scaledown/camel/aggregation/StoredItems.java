package xyz.scaledown.camel.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.tracking.TrackingJson;

/** Turns items into what a store keeps (their request lines, as submit sends them) and back. */
final class StoredItems {

    private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
    };

    private StoredItems() {
    }

    /** @param requestLines the items' request lines when the caller already wrote them, else null */
    static List<StoredItem> of(List<BatchItem> items, Map<String, Map<String, Object>> correlations,
            List<byte[]> requestLines) {
        List<StoredItem> stored = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            byte[] line = requestLines == null ? BatchItemJson.requestLine(item) : requestLines.get(i);
            stored.add(new StoredItem(item.customId(), line, correlationJson(correlations.get(item.customId())),
                    item.model() == null ? null : item.model().wireName()));
        }
        return stored;
    }

    static BatchItem item(byte[] requestLine, int position) {
        return BatchItemJson.readJson(new String(requestLine, StandardCharsets.UTF_8), "item " + position);
    }

    /** The headers the route gave the item (a store that keeps the tracked form also keeps the model header). */
    static Map<String, Object> headers(String correlationJson) {
        try {
            Map<String, Object> headers = TrackingJson.MAPPER.readValue(correlationJson, HEADERS);
            headers.remove(ScaleDownConstants.MODEL);
            return headers;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored item's correlation headers are not JSON", e);
        }
    }

    private static String correlationJson(Map<String, Object> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        Map<String, Object> storable = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (value != null) {
                storable.put(name, TrackingJson.storable(value));
            }
        });
        try {
            return storable.isEmpty() ? null : TrackingJson.MAPPER.writeValueAsString(storable);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write correlation headers as JSON", e);
        }
    }
}
