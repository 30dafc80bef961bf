package xyz.scaledown.camel.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import xyz.scaledown.camel.model.BatchItem;

/** A submit body written from items the caller holds. */
final class ItemListBody implements BatchBody {

    private final List<? extends BatchItem> items;

    ItemListBody(List<? extends BatchItem> items) {
        this.items = List.copyOf(items);
    }

    @Override
    public int itemCount() {
        return items.size();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (BatchItem item : items) {
            BatchItemJson.writeRequestLine(item, out);
        }
    }

    @Override
    public void forEachCustomId(Consumer<String> sink) {
        items.forEach(item -> sink.accept(item.customId()));
    }

    @Override
    public void forEachModel(BiConsumer<String, String> sink) {
        items.forEach(item -> sink.accept(item.customId(), item.model().wireName()));
    }
}
