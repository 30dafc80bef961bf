package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code error} of a result line that failed on its own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultError(@JsonProperty("code") String code, @JsonProperty("message") String message) {
}
