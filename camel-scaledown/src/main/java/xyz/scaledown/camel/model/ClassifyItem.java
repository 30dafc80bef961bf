package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A {@code classify} request. {@code systemPrompt} is optional.
 */
public record ClassifyItem(
        @JsonProperty("custom_id") @JsonAlias("customId") String customId,
        @JsonProperty("text") String text,
        @JsonProperty("labels") List<ClassifyLabel> labels,
        @JsonProperty("system_prompt") @JsonAlias("systemPrompt") String systemPrompt)
        implements BatchItem {

    public static ClassifyItem of(String customId, String text, List<ClassifyLabel> labels) {
        return new ClassifyItem(customId, text, labels, null);
    }

    @Override
    public ScaleDownModel model() {
        return ScaleDownModel.CLASSIFY;
    }

    @Override
    public ClassifyItem withCustomId(String id) {
        return new ClassifyItem(id, text, labels, systemPrompt);
    }
}
