package xyz.scaledown.camel.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The status of a batch. Fields beyond {@code batch_id} and {@code status} (counts, timestamps, whatever the
 * API adds) are kept in {@link #additionalFields()}.
 */
public final class BatchStatus {

    private final String batchId;
    private final String status;
    private final Map<String, Object> additionalFields = new LinkedHashMap<>();

    @JsonCreator
    public BatchStatus(@JsonProperty("batch_id") String batchId, @JsonProperty("status") String status) {
        this.batchId = batchId;
        this.status = status;
    }

    @JsonProperty("batch_id")
    public String batchId() {
        return batchId;
    }

    @JsonProperty("status")
    public String status() {
        return status;
    }

    /** The status as one the component knows ({@link KnownBatchStatus#UNKNOWN} for any other value). */
    public KnownBatchStatus knownStatus() {
        return KnownBatchStatus.of(status);
    }

    @JsonAnyGetter
    public Map<String, Object> additionalFields() {
        return Collections.unmodifiableMap(additionalFields);
    }

    @JsonAnySetter
    void putAdditionalField(String name, Object value) {
        additionalFields.put(name, value);
    }

    public BatchStatus with(String name, Object value) {
        putAdditionalField(name, value);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchStatus other && java.util.Objects.equals(batchId, other.batchId)
                && java.util.Objects.equals(status, other.status)
                && additionalFields.equals(other.additionalFields);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(batchId, status, additionalFields);
    }

    @Override
    public String toString() {
        return "BatchStatus[batchId=" + batchId + ", status=" + status + ", " + additionalFields + "]";
    }
}
