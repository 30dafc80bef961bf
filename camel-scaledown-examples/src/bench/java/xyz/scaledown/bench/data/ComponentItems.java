package xyz.scaledown.bench.data;

import java.util.List;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

/** Item {@code i} of {@link BenchItems} as the component's typed {@link BatchItem}. */
public final class ComponentItems {

    private static final List<ClassifyLabel> LABELS = BenchItems.LABELS.stream()
            .map(label -> new ClassifyLabel(label.get("name"), label.get("rubric"))).toList();

    private ComponentItems() {
    }

    public static BatchItem item(long index) {
        String id = BenchItems.customId(index);
        String text = BenchItems.text(index);
        return switch (BenchItems.model(index)) {
            case "summarize" -> SummarizeItem.of(id, text);
            case "extract" -> ExtractItem.of(id, text, BenchItems.ENTITIES);
            default -> ClassifyItem.of(id, text, LABELS);
        };
    }
}
