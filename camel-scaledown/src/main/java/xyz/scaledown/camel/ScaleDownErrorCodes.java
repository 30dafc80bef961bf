package xyz.scaledown.camel;

import java.util.Set;

/**
 * The {@code CamelScaleDownErrorCode} values the results consumer sets on an error item it makes itself, for a
 * submitted item the API did not answer. Items the API answered with an error keep the API's code; a line the
 * component could not read keeps {@code invalid_output_line}.
 */
public final class ScaleDownErrorCodes {

    /** The batch completed, but no readable output line carries the item's custom_id. */
    public static final String MISSING_FROM_OUTPUT = "missing_from_output";
    /** The batch ended {@code failed}; the item is not in the partial output. */
    public static final String BATCH_FAILED = "batch_failed";
    /** The batch ended {@code expired}; the item is not in the partial output. */
    public static final String BATCH_EXPIRED = "batch_expired";
    /** The batch ended {@code cancelled} (or {@code canceled}); the item is not in the partial output. */
    public static final String BATCH_CANCELLED = "batch_cancelled";
    /** The batch was not terminal within {@code batchTimeout} of its submit. */
    public static final String BATCH_TIMEOUT = "batch_timeout";
    /**
     * The batch's calls (status, output) failed {@code maxPollFailures} times in a row, the last with an error a retry
     * will not fix.
     */
    public static final String BATCH_UNREACHABLE = "batch_unreachable";

    /**
     * Not set on an item: the name {@code resubmitOn} gives to the items the API answered with an error and a
     * retryable {@code status_code} (429 or 5xx), so they go into a follow-up batch while {@code maxAttempts} is not
     * reached. After the last attempt such an item is emitted with the API's own code.
     */
    public static final String ITEM_RETRYABLE = "item_retryable";

    /** The codes {@code resubmitOn} accepts. */
    public static final Set<String> RESUBMITTABLE = Set.of(MISSING_FROM_OUTPUT, BATCH_FAILED,
            BATCH_EXPIRED, BATCH_CANCELLED, ITEM_RETRYABLE);

    private ScaleDownErrorCodes() {
    }
}
