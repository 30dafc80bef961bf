package xyz.scaledown.camel.aggregation;

import xyz.scaledown.camel.ScaleDownConstants;

/**
 * One item as a store keeps it.
 *
 * @param requestLine     the request line submit sends, UTF-8, ending with a newline
 * @param correlationJson the headers to give back with the item's result as a JSON object, or null
 * @param model           the item's model, as the request line names it
 */
public record StoredItem(String customId, byte[] requestLine, String correlationJson, String model) {

    /** The item's headers with its model, as submit tracks them (a header of the route's own wins: it comes last). */
    public String trackedCorrelationJson() {
        if (model == null) {
            return correlationJson;
        }
        String modelHeader = "{\"" + ScaleDownConstants.MODEL + "\":\"" + model + "\"";
        return correlationJson == null ? modelHeader + "}" : modelHeader + "," + correlationJson.substring(1);
    }
}
