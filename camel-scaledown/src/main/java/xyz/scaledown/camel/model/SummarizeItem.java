package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A {@code summarize} request. {@code instructions} and {@code maxTokens} are optional (null: not sent).
 */
public record SummarizeItem(
        @JsonProperty("custom_id") @JsonAlias("customId") String customId,
        @JsonProperty("text") String text,
        @JsonProperty("instructions") String instructions,
        @JsonProperty("max_tokens") @JsonAlias("maxTokens") Integer maxTokens) implements BatchItem {

    public static SummarizeItem of(String customId, String text) {
        return new SummarizeItem(customId, text, null, null);
    }

    @Override
    public ScaleDownModel model() {
        return ScaleDownModel.SUMMARIZE;
    }

    @Override
    public SummarizeItem withCustomId(String id) {
        return new SummarizeItem(id, text, instructions, maxTokens);
    }
}
