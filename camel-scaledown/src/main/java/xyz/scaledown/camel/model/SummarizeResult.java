package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonIgnoreProperties(ignoreUnknown = true)
public record SummarizeResult(
        @JsonProperty("summary") String summary,
        @JsonProperty("input_chars") int inputChars,
        @JsonProperty("output_chars") int outputChars) implements ScaleDownResult {

    @Override
    public ScaleDownModel model() {
        return ScaleDownModel.SUMMARIZE;
    }
}
