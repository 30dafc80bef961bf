package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * An {@code extract} request: {@code entities} maps each label to find to its description.
 * {@code instruction} is optional.
 */
public record ExtractItem(
        @JsonProperty("custom_id") @JsonAlias("customId") String customId,
        @JsonProperty("text") String text,
        @JsonProperty("entities") Map<String, String> entities,
        @JsonProperty("instruction") @JsonAlias("instructions") String instruction)
        implements BatchItem {

    public static ExtractItem of(String customId, String text, Map<String, String> entities) {
        return new ExtractItem(customId, text, entities, null);
    }

    @Override
    public ScaleDownModel model() {
        return ScaleDownModel.EXTRACT;
    }

    @Override
    public ExtractItem withCustomId(String id) {
        return new ExtractItem(id, text, entities, instruction);
    }
}
