package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a submitted batch.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchSubmission(
        @JsonProperty("batch_id") String batchId,
        @JsonProperty("status") String status,
        @JsonProperty("total_count") int totalCount) {
}
