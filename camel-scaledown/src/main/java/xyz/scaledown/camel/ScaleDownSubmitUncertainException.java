package xyz.scaledown.camel;

import java.util.List;

/**
 * Submit refused to send a batch again because its earlier POST may or may not have created it: the intent was
 * recorded, but no answer (the process died, or the connection broke after the request was sent). Check the ScaleDown
 * account for a batch with these custom_ids; to send it again anyway, set {@code resubmitUncertain=true} (or the
 * {@code CamelScaleDownResubmitUncertain} header).
 */
public class ScaleDownSubmitUncertainException extends RuntimeException {

    static final int NAMED_IN_MESSAGE = 20;

    private final String submitKey;
    private final transient List<String> customIds;

    /**
     * @param submitKey the key the intent was recorded under: the batch's content fingerprint or the
     *                  {@code CamelScaleDownSubmitKey} header
     */
    public ScaleDownSubmitUncertainException(String submitKey, List<String> customIds) {
        this("submit key " + submitKey, submitKey, customIds);
    }

    private ScaleDownSubmitUncertainException(String subject, String submitKey, List<String> customIds) {
        super("ScaleDown batch of " + subject + " (" + customIds.size() + " items: " + named(customIds)
              + ") may or may not have been created: its POST got no answer. It is not sent again; check the account,"
              + " or set resubmitUncertain=true to send it anyway");
        this.submitKey = submitKey;
        this.customIds = List.copyOf(customIds);
    }

    /**
     * The batch of an exchange the aggregation repository gave up after its redeliveries failed (no dead letter URI):
     * whether an earlier POST created it is not known. {@link #getSubmitKey()} is null.
     */
    public static ScaleDownSubmitUncertainException givenUp(String exchangeId, List<String> customIds) {
        return new ScaleDownSubmitUncertainException("exchange " + exchangeId + ", given up after its redeliveries",
                null, customIds);
    }

    private static String named(List<String> ids) {
        String shown = String.join(", ", ids.subList(0, Math.min(ids.size(), NAMED_IN_MESSAGE)));
        return ids.size() > NAMED_IN_MESSAGE ? shown + " and " + (ids.size() - NAMED_IN_MESSAGE) + " more" : shown;
    }

    /** The key the intent was recorded under: the batch's content fingerprint or the CamelScaleDownSubmitKey header. */
    public String getSubmitKey() {
        return submitKey;
    }

    /**
     * @deprecated intents are keyed by content (or the CamelScaleDownSubmitKey header) now: use {@link #getSubmitKey()}
     */
    @Deprecated
    public String getExchangeId() {
        return submitKey;
    }

    /** Every custom_id of the batch, in order. */
    public List<String> getCustomIds() {
        return customIds;
    }
}
