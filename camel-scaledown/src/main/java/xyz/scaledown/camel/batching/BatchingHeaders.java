package xyz.scaledown.camel.batching;

/**
 * The message headers the batching package reads. Their names are those of {@code ScaleDownConstants}.
 */
public final class BatchingHeaders {

    public static final String MODEL = "CamelScaleDownModel";
    public static final String CUSTOM_ID = "CamelScaleDownCustomId";
    public static final String LABELS = "CamelScaleDownLabels";
    public static final String ENTITIES = "CamelScaleDownEntities";
    public static final String INSTRUCTIONS = "CamelScaleDownInstructions";
    public static final String MAX_TOKENS = "CamelScaleDownMaxTokens";
    public static final String SYSTEM_PROMPT = "CamelScaleDownSystemPrompt";

    /** The headers that describe one item; they mean nothing on an aggregated batch. */
    static final String[] ITEM_HEADERS = { MODEL, CUSTOM_ID, LABELS, ENTITIES, INSTRUCTIONS, MAX_TOKENS, SYSTEM_PROMPT };

    private BatchingHeaders() {
    }
}
