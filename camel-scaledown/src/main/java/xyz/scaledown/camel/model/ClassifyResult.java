package xyz.scaledown.camel.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifyResult(
        @JsonProperty("top_label") String topLabel,
        @JsonProperty("scores") Map<String, Double> scores,
        @JsonProperty("reasoning") String reasoning,
        @JsonProperty("labels") List<Object> labels) implements ScaleDownResult {

    @Override
    public ScaleDownModel model() {
        return ScaleDownModel.CLASSIFY;
    }
}
