package xyz.scaledown.camel.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One request of a batch. {@code customId} is the caller's id, echoed on the matching result line.
 * <p>
 * Jackson reads and writes items by these annotations: the field {@code model} picks the type, names are the wire
 * names ({@code custom_id}, {@code max_tokens}, {@code system_prompt}) with their camelCase aliases accepted, absent
 * optional fields are left out, unknown fields are ignored.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "model")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SummarizeItem.class, name = "summarize"),
        @JsonSubTypes.Type(value = ExtractItem.class, name = "extract"),
        @JsonSubTypes.Type(value = ClassifyItem.class, name = "classify") })
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "custom_id", "model", "text" })
public sealed interface BatchItem extends java.io.Serializable permits SummarizeItem, ExtractItem, ClassifyItem {

    String customId();

    String text();

    @JsonProperty("model")
    ScaleDownModel model();

    /** A copy of this item carrying another custom id. */
    BatchItem withCustomId(String customId);
}
