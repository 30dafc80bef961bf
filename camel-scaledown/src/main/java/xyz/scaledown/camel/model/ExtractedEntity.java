package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One span found by {@code extract}; {@code start} and {@code end} are character offsets into the text, when sent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtractedEntity(
        @JsonProperty("type") String type,
        @JsonProperty("text") String text,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("start") Integer start,
        @JsonProperty("end") Integer end) {
}
