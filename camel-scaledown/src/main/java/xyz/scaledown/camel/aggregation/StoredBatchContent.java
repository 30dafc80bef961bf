package xyz.scaledown.camel.aggregation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.BatchContent;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.tracking.StoredBatchBody;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedItems;
import xyz.scaledown.camel.tracking.TrackingJson;

/**
 * The handle a {@link ScaleDownAggregationRepository} puts in the body of the exchanges it hands out: the totals of a
 * stored batch plus the items added since it was handed out, which the repository appends to the store on
 * {@code add}. Reading the items (submit, {@link #items()}) streams them from the store.
 */
final class StoredBatchContent implements BatchContent {

    private final AggregationStore store;
    private final GroupState group;
    private final List<StoredItem> pending = new ArrayList<>();
    private final Set<String> pendingIds = new HashSet<>();
    private long pendingBytes;

    StoredBatchContent(AggregationStore store, GroupState group) {
        this.store = store;
        this.group = group;
    }

    /** The items as a store keeps them; {@code requestLines} when the strategy already wrote them, else null. */
    static List<StoredItem> stored(List<BatchItem> items, Map<String, Map<String, Object>> correlations,
            List<byte[]> requestLines) {
        Map<String, Map<String, Object>> kept = TrackedItems.storedCorrelations(correlations, TrackingJson::storable);
        List<StoredItem> stored = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            stored.add(new StoredItem(item.customId(),
                    requestLines == null ? BatchItemJson.requestLine(item) : requestLines.get(i),
                    TrackingJson.json(kept.get(item.customId())), item.model() == null ? null : item.model().wireName()));
        }
        return stored;
    }

    boolean belongsTo(GroupState state) {
        return group == state;
    }

    /** Appends what was added since the handle was made; all or none. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        store.append(group.exchangeId, group.itemCount, pending);
        group.added(pending);
        pending.clear();
        pendingIds.clear();
        pendingBytes = 0;
    }

    @Override
    public int size() {
        return group.itemCount + pending.size();
    }

    @Override
    public long estimatedBytes() {
        return group.estimatedBytes + pendingBytes;
    }

    @Override
    public boolean containsCustomId(String customId) {
        if (pendingIds.contains(customId)) {
            return true;
        }
        boolean mayBeStored = group.customIds == null || group.customIds.mightContain(customId);
        return mayBeStored && store.containsCustomId(group.exchangeId, customId);
    }

    /** The byte estimates are ignored: the items' sizes are their request lines'. */
    @Override
    public void append(List<BatchItem> items, Map<String, Map<String, Object>> correlations, List<Long> itemBytes) {
        keep(stored(items, correlations, null));
    }

    @Override
    public boolean keepsRequestLines() {
        return true;
    }

    @Override
    public void appendWritten(List<BatchItem> items, Map<String, Map<String, Object>> correlations,
            List<byte[]> requestLines) {
        keep(stored(items, correlations, requestLines));
    }

    private void keep(List<StoredItem> items) {
        if (!group.isOpen()) {
            throw new IllegalStateException("the batch of exchange " + group.exchangeId
                    + " is completed and takes no more items");
        }
        for (StoredItem item : items) {
            pending.add(item);
            pendingIds.add(item.customId());
            pendingBytes += item.requestLine().length;
        }
    }

    @Override
    public List<BatchItem> items() {
        List<BatchItem> items = new ArrayList<>(size());
        try {
            store.forEachLine(group.exchangeId, line -> items.add(item(line, items.size())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch of exchange " + group.exchangeId, e);
        }
        pending.forEach(item -> items.add(item(item.requestLine(), items.size())));
        return items;
    }

    private static BatchItem item(byte[] requestLine, int position) {
        return BatchItemJson.readJson(new String(requestLine, StandardCharsets.UTF_8), "item " + position);
    }

    @Override
    public Map<String, Map<String, Object>> correlations() {
        Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
        store.forEachCorrelation(group.exchangeId, (customId, json) -> putHeaders(correlations, customId, json));
        pending.forEach(item -> putHeaders(correlations, item.customId(), item.correlationJson()));
        return correlations;
    }

    private static void putHeaders(Map<String, Map<String, Object>> correlations, String customId, String json) {
        Map<String, Object> headers = TrackingJson.headers(json);
        headers.remove(ScaleDownConstants.MODEL); // a store keeps the item's model with its headers
        if (!headers.isEmpty()) {
            correlations.put(customId, headers);
        }
    }

    @Override
    public BatchBody body() {
        return new StoredBatchBody() {
            @Override
            public SubmitIntents store() {
                // the record holds every item only once the items added since the handle was made are stored
                return pending.isEmpty() ? store.intents() : null;
            }

            @Override
            public String recordKey() {
                return group.exchangeId;
            }

            @Override
            public int itemCount() {
                return size();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                store.forEachLine(group.exchangeId, out::write);
                for (StoredItem item : pending) {
                    out.write(item.requestLine());
                }
            }

            @Override
            public void forEachCustomId(Consumer<String> sink) {
                store.forEachCustomId(group.exchangeId, sink::accept);
                pending.forEach(item -> sink.accept(item.customId()));
            }

            @Override
            public String fingerprint() {
                return pending.isEmpty() ? group.fingerprint : null;
            }
        };
    }

    @Override
    public String toString() {
        return "StoredBatchContent[exchange=" + group.exchangeId + ", items=" + size() + "]";
    }
}
