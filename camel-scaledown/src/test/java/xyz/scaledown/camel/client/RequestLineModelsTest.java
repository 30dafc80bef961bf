package xyz.scaledown.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A body that holds no items in heap (a stored batch) gives its items' models from its request lines. */
class RequestLineModelsTest {

    @Test
    void modelsAreReadFromTheRequestLinesWhateverTheWritesLookLike() {
        List<BatchItem> items = List.of(SummarizeItem.of("s", "a \"model\": text\nwith a newline"),
                ExtractItem.of("e", "x", Map.of("model", "the model field of entities")),
                ClassifyItem.of("c", "y", List.of(new ClassifyLabel("model", "Is it a model?"))));
        BatchBody stored = new BatchBody() {
            @Override
            public int itemCount() {
                return items.size();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                ByteArrayOutputStream lines = new ByteArrayOutputStream();
                for (BatchItem item : items) {
                    BatchItemJson.writeRequestLine(item, lines);
                }
                byte[] bytes = lines.toByteArray();
                // in uneven pieces, as a store's reads come
                for (int i = 0; i < bytes.length; i += 7) {
                    out.write(bytes, i, Math.min(7, bytes.length - i));
                }
            }

            @Override
            public void forEachCustomId(Consumer<String> sink) {
                items.forEach(item -> sink.accept(item.customId()));
            }
        };
        List<String> models = new ArrayList<>();
        stored.forEachModel((customId, model) -> models.add(customId + ":" + model));
        assertEquals(List.of("s:summarize", "e:extract", "c:classify"), models);

        List<String> fromList = new ArrayList<>();
        BatchBody.validated(items).forEachModel((customId, model) -> fromList.add(customId + ":" + model));
        assertEquals(models, fromList);
    }
}
