package xyz.scaledown.camel;

import org.apache.camel.spi.Metadata;

/**
 * The headers the ScaleDown component reads and writes.
 */
public final class ScaleDownConstants {

    @Metadata(description = "The model of an item or of a result: summarize, extract or classify. On the way in,"
            + " it makes a plain-text body an item of that model.", javaType = "String")
    public static final String MODEL = "CamelScaleDownModel";

    @Metadata(description = "The caller's id of an item; echoed on its result. Generated when absent.",
            javaType = "String")
    public static final String CUSTOM_ID = "CamelScaleDownCustomId";

    @Metadata(description = "The batch id: set by submit, read by status and output, set on every result exchange.",
            javaType = "String")
    public static final String BATCH_ID = "CamelScaleDownBatchId";

    @Metadata(label = "producer", description = "The batch status after submit or status: queued, processing,"
            + " completed or failed (or another status the API reports).", javaType = "String")
    public static final String BATCH_STATUS = "CamelScaleDownBatchStatus";

    @Metadata(description = "The number of items of the batch: out of submit, the items the API accepted; on each"
            + " result of the results consumer, the items of the batch it belongs to.", javaType = "int")
    public static final String TOTAL_COUNT = "CamelScaleDownTotalCount";

    @Metadata(label = "producer", description = "Overrides the resubmitUncertain option for one submit: whether a"
            + " batch whose earlier POST may or may not have created it is sent again.", javaType = "Boolean")
    public static final String RESUBMIT_UNCERTAIN = "CamelScaleDownResubmitUncertain";

    @Metadata(label = "producer", description = "The idempotency key of one submit, overriding the batch's content"
            + " fingerprint (SHA-256 over its request lines), e.g. a JMS message id. A submit whose key was answered"
            + " within submitKeyRetention is answered from the store: same batch id, not posted again.",
              javaType = "String")
    public static final String SUBMIT_KEY = "CamelScaleDownSubmitKey";

    @Metadata(label = "producer", description = "Out of submit: true when the batch was not posted because its"
            + " submit key (content fingerprint or CamelScaleDownSubmitKey) was answered before; the batch id and"
            + " status are the recorded ones.", javaType = "Boolean")
    public static final String SUBMIT_REPLAYED = "CamelScaleDownSubmitReplayed";

    @Metadata(description = "Classify labels for a plain-text body: a List of ClassifyLabel or of maps with name"
            + " and rubric, a Map of name to rubric, JSON text, or 'name:rubric;name:rubric'.", javaType = "Object")
    public static final String LABELS = "CamelScaleDownLabels";

    @Metadata(description = "Extract entities for a plain-text body: a Map of label to description, JSON text,"
            + " or 'label:description;label:description'.", javaType = "Object")
    public static final String ENTITIES = "CamelScaleDownEntities";

    @Metadata(description = "Summarize instructions, or the extract instruction, for a plain-text body.",
            javaType = "String")
    public static final String INSTRUCTIONS = "CamelScaleDownInstructions";

    @Metadata(description = "Summarize max_tokens for a plain-text body.", javaType = "Integer")
    public static final String MAX_TOKENS = "CamelScaleDownMaxTokens";

    @Metadata(description = "Classify system_prompt for a plain-text body.", javaType = "String")
    public static final String SYSTEM_PROMPT = "CamelScaleDownSystemPrompt";

    @Metadata(label = "consumer", description = "The per-item response status code of a result.", javaType = "int")
    public static final String STATUS_CODE = "CamelScaleDownStatusCode";

    @Metadata(label = "consumer", description = "The error code of an error item: the API's code for an item that"
            + " failed on its own, invalid_output_line, or for an item the API did not answer missing_from_output,"
            + " batch_failed, batch_expired, batch_cancelled, batch_timeout or batch_unreachable.",
            javaType = "String")
    public static final String ERROR_CODE = "CamelScaleDownErrorCode";

    @Metadata(label = "consumer", description = "The error message of an error item: what happened, for an item the"
            + " API did not answer with the batch id and its last status.", javaType = "String")
    public static final String ERROR_MESSAGE = "CamelScaleDownErrorMessage";

    @Metadata(label = "consumer", description = "The 0-based position of a result item in its submitted batch (in"
            + " the output, for a batch watched by batchId).", javaType = "long")
    public static final String ITEM_INDEX = "CamelScaleDownItemIndex";

    @Metadata(label = "consumer", description = "Which submission of the item this result or error item comes from:"
            + " 1 for the first, 2 for its first follow-up batch, up to maxAttempts.", javaType = "int")
    public static final String ATTEMPT = "CamelScaleDownAttempt";

    /** @deprecated one count header serves submit and results: use {@link #TOTAL_COUNT}. */
    @Deprecated(since = "0.2.0")
    public static final String BATCH_SIZE = TOTAL_COUNT;

    private ScaleDownConstants() {
    }
}
