package xyz.scaledown.camel.model;

import java.util.List;

/**
 * A {@code classify} request. {@code systemPrompt} is optional.
 */
public record ClassifyItem(String customId, String text, List<ClassifyLabel> labels, String systemPrompt)
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
