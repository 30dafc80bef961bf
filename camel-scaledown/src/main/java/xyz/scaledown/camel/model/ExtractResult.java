package xyz.scaledown.camel.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtractResult(@JsonProperty("entities") List<ExtractedEntity> entities) implements ScaleDownResult {

    public ExtractResult {
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    @Override
    public ScaleDownModel model() {
        return ScaleDownModel.EXTRACT;
    }
}
