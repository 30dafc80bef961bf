package xyz.scaledown.camel.model;

/**
 * The parsed {@code choices[0].message.content} of a result line, one type per model.
 */
public sealed interface ScaleDownResult permits SummarizeResult, ExtractResult, ClassifyResult {

    ScaleDownModel model();
}
