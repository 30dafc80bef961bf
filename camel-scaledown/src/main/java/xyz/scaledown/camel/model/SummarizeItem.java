package xyz.scaledown.camel.model;

/**
 * A {@code summarize} request. {@code instructions} and {@code maxTokens} are optional (null: not sent).
 */
public record SummarizeItem(String customId, String text, String instructions, Integer maxTokens) implements BatchItem {

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
