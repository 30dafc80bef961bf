package xyz.scaledown.camel.model;

/**
 * One line of a batch's output.
 *
 * @param customId   the caller's id of the request
 * @param model      the model that answered, as named on the wire (null when the line carried none)
 * @param statusCode the per-line {@code response.status_code} (0 when the line had no response)
 * @param content    the parsed content, or null when the line failed
 * @param error      the line's error, or null when it succeeded
 */
public record BatchResultItem(String customId, String model, int statusCode, ScaleDownResult content,
        ResultError error) {

    public boolean isError() {
        return error != null;
    }

    /** This item with {@code model} as its model. */
    public BatchResultItem withModel(String model) {
        return new BatchResultItem(customId, model, statusCode, content, error);
    }
}
