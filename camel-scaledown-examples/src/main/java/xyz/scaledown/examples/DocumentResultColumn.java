package xyz.scaledown.examples;

import xyz.scaledown.camel.batching.BatchItemConverters;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractResult;
import xyz.scaledown.camel.model.ScaleDownResult;
import xyz.scaledown.camel.model.SummarizeResult;

/** What the database example stores in {@code documents.result}: the summary, the entities as JSON, or the top label. */
public final class DocumentResultColumn {

    private DocumentResultColumn() {
    }

    public static String of(ScaleDownResult result) {
        if (result instanceof SummarizeResult summary) {
            return summary.summary();
        }
        if (result instanceof ClassifyResult classification) {
            return classification.topLabel();
        }
        return BatchItemConverters.toJson((ExtractResult) result);
    }
}
