package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A classification label and the yes/no question that decides it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifyLabel(String name, String rubric) implements java.io.Serializable {
}
