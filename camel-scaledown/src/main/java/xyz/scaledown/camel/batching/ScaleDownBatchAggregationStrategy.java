package xyz.scaledown.camel.batching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.client.BatchItemValidator;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Builds a {@link ScaleDownBatch} with Camel's Aggregator EIP: each incoming exchange adds one item (its body as a
 * {@link BatchItem}, a map, JSON text, or plain text with header {@code CamelScaleDownModel}) or several (a list or a
 * {@link ScaleDownBatch} body).
 * <p>
 * <b>custom_id</b>: header {@code CamelScaleDownCustomId}, else the item's own, else {@code customIdPrefix}, the
 * batch's key and the item's position in the batch ({@link CustomIds}). A duplicate within the batch is refused.
 * <p>
 * <b>Item parameters</b>: {@code model}, {@code instructions}, {@code maxTokens}, {@code entities}, {@code labels}
 * and {@code systemPrompt} are the defaults of a plain-text body; the headers of the same meaning override them
 * ({@link ItemParameters}). As bean properties, they can be set from YAML {@code beans:}.
 * <p>
 * <b>Caps</b>: when adding an exchange's items would pass {@code maxItems} or {@code maxBytes}, the current batch is
 * completed first (pre-completion) and the items start the next one; work is split, never refused. Items that arrive
 * together in one exchange stay together, so one exchange whose items alone pass a cap (a single huge item, say) makes
 * a batch of its own over the cap; split such lists before the aggregator.
 * <p>
 * <b>Completion</b>: because this strategy pre-completes, Camel's aggregator does not evaluate
 * {@code completionSize} or {@code completionPredicate} for it (AggregateProcessor checks only {@code preComplete},
 * timeouts and intervals in that mode). Bound the batch with {@link #maxItems(int)} / {@link #maxBytes(long)} and
 * flush it with {@code completionTimeout} or {@code completionInterval}: a batch that reached {@code maxItems} is sent
 * when the next item arrives or when the timeout fires.
 * <p>
 * <b>Bad input</b>: the exchange that carried it fails with an {@link IllegalArgumentException} naming the field or the
 * duplicate id; the batch being built keeps every item it already had. The aggregator hands the strategy a copy of
 * the incoming exchange, so the error is also thrown: Camel then sets it (as the cause of a
 * {@code CamelExchangeException}) on the original exchange, where the route's error handler sees it.
 */
public class ScaleDownBatchAggregationStrategy implements AggregationStrategy {

    public static final int DEFAULT_MAX_ITEMS = 10_000;
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    /** Holds the items resolved in preComplete for the aggregate call that follows on the same exchange. */
    private static final String PENDING_PROPERTY = "CamelScaleDownBatchingPending";

    /** The headers that describe one item; they mean nothing on an aggregated batch. */
    private static final String[] ITEM_HEADERS = {
            ScaleDownConstants.MODEL, ScaleDownConstants.CUSTOM_ID, ScaleDownConstants.LABELS,
            ScaleDownConstants.ENTITIES, ScaleDownConstants.INSTRUCTIONS, ScaleDownConstants.MAX_TOKENS,
            ScaleDownConstants.SYSTEM_PROMPT };

    /** Stands for the key of a batch not started yet, when its first items are checked and sized. */
    private static final String NEW_BATCH_KEY = "0".repeat(CustomIds.KEY_LENGTH);

    private int maxItems = DEFAULT_MAX_ITEMS;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private List<String> correlationHeaders = List.of();
    private String customIdPrefix = CustomIds.DEFAULT_PREFIX;
    private final ItemParameters itemParameters = new ItemParameters();
    private final ExchangeItemReader itemReader = new ExchangeItemReader(itemParameters);
    private ItemSizeEstimator sizeEstimator = ItemSizeEstimator.jsonLine();
    /** The default estimator: its size is the written line's length, so a line written anyway needs no count. */
    private boolean exactSizes = true;

    // ------------------------------------------------------------------ configuration

    public ScaleDownBatchAggregationStrategy maxItems(int maxItems) {
        setMaxItems(maxItems);
        return this;
    }

    public ScaleDownBatchAggregationStrategy maxBytes(long maxBytes) {
        setMaxBytes(maxBytes);
        return this;
    }

    public ScaleDownBatchAggregationStrategy correlationHeaders(String... names) {
        setCorrelationHeaders(String.join(",", names));
        return this;
    }

    public ScaleDownBatchAggregationStrategy customIdPrefix(String prefix) {
        setCustomIdPrefix(prefix);
        return this;
    }

    public ScaleDownBatchAggregationStrategy model(String model) {
        setModel(model);
        return this;
    }

    public ScaleDownBatchAggregationStrategy instructions(String instructions) {
        setInstructions(instructions);
        return this;
    }

    public ScaleDownBatchAggregationStrategy maxTokens(Integer maxTokens) {
        setMaxTokens(maxTokens);
        return this;
    }

    /** A map label -> description, its JSON text, or {@code label:description;label2:description2}. */
    public ScaleDownBatchAggregationStrategy entities(Object entities) {
        setEntities(entities);
        return this;
    }

    /** A list of labels or {name, rubric} maps, a map name -> rubric, JSON text of either, or {@code name:rubric;...}. */
    public ScaleDownBatchAggregationStrategy labels(Object labels) {
        setLabels(labels);
        return this;
    }

    public ScaleDownBatchAggregationStrategy systemPrompt(String systemPrompt) {
        setSystemPrompt(systemPrompt);
        return this;
    }

    public void setModel(String model) {
        itemParameters.model(model);
    }

    public void setInstructions(String instructions) {
        itemParameters.instructions(instructions);
    }

    public void setMaxTokens(Integer maxTokens) {
        itemParameters.maxTokens(maxTokens);
    }

    public void setEntities(Object entities) {
        itemParameters.entities(entities);
    }

    public void setLabels(Object labels) {
        itemParameters.labels(labels);
    }

    public void setSystemPrompt(String systemPrompt) {
        itemParameters.systemPrompt(systemPrompt);
    }

    public ScaleDownBatchAggregationStrategy sizeEstimator(ItemSizeEstimator estimator) {
        setSizeEstimator(estimator);
        return this;
    }

    public int getMaxItems() {
        return maxItems;
    }

    public void setMaxItems(int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1 but was " + maxItems);
        }
        this.maxItems = maxItems;
    }

    public long getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1 but was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Comma-separated header names. */
    public String getCorrelationHeaders() {
        return String.join(",", correlationHeaders);
    }

    /** Comma-separated header names to keep per item and restore on its result. */
    public void setCorrelationHeaders(String names) {
        this.correlationHeaders = names == null ? List.of()
                : Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
    }

    public String getCustomIdPrefix() {
        return customIdPrefix;
    }

    public void setCustomIdPrefix(String customIdPrefix) {
        this.customIdPrefix = customIdPrefix == null ? "" : customIdPrefix;
    }

    public ItemSizeEstimator getSizeEstimator() {
        return sizeEstimator;
    }

    public void setSizeEstimator(ItemSizeEstimator sizeEstimator) {
        this.sizeEstimator = sizeEstimator == null ? ItemSizeEstimator.jsonLine() : sizeEstimator;
        this.exactSizes = sizeEstimator == null;
    }

    // ------------------------------------------------------------------ aggregation

    @Override
    public boolean canPreComplete() {
        return true;
    }

    /** True when the incoming items would push the current batch past a cap: Camel then completes it first. */
    @Override
    public boolean preComplete(Exchange oldExchange, Exchange newExchange) {
        ScaleDownBatch current = oldExchange == null ? null : oldExchange.getMessage().getBody(ScaleDownBatch.class);
        if (current == null || current.isEmpty()) {
            return false;
        }
        Pending pending;
        try {
            pending = pending(newExchange, current);
        } catch (RuntimeException e) {
            // aggregate() reports it on the exchange; nothing to pre-complete for an item that will not be added
            return false;
        }
        return current.size() + pending.items.size() > maxItems
                || current.estimatedBytes() + pending.bytes > maxBytes;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (newExchange == null) {
            return oldExchange;
        }
        try {
            ScaleDownBatch current = oldExchange == null ? null : oldExchange.getMessage().getBody(ScaleDownBatch.class);
            Pending pending = pending(newExchange, current);
            newExchange.removeProperty(PENDING_PROPERTY);
            ScaleDownBatch batch = current == null ? new ScaleDownBatch() : current;
            List<BatchItem> items = new ArrayList<>(pending.items.size());
            Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
            for (int i = 0; i < pending.items.size(); i++) {
                BatchItem item = CustomIds.ensure(pending.items.get(i), customIdPrefix, batch.customIdKey(),
                        batch.size() + i);
                items.add(item);
                if (!pending.correlations.get(i).isEmpty()) {
                    correlations.put(item.customId(), pending.correlations.get(i));
                }
            }
            // lines written for the items' place in this very batch carry the custom ids they get here
            boolean linesFit = pending.requestLines != null && current != null && pending.position == current.size()
                    && current.customIdKey().equals(pending.batchKey);
            batch.addAll(items, correlations, pending.itemBytes, linesFit ? pending.requestLines : null);
            if (oldExchange != null) {
                return oldExchange;
            }
            newExchange.getMessage().setBody(batch);
            for (String header : ITEM_HEADERS) {
                newExchange.getMessage().removeHeader(header);
            }
            return newExchange;
        } catch (IllegalArgumentException e) {
            newExchange.removeProperty(PENDING_PROPERTY);
            newExchange.setException(e);
            throw e;
        }
    }

    // ------------------------------------------------------------------ turning an exchange into items

    /**
     * The items of one exchange with their sizes and correlations; computed once per exchange.
     *
     * @param position     where the items would start in the batch they were sized for
     * @param batchKey     that batch's key, or null when they were sized for a new batch
     * @param requestLines their request lines, written for that position when that batch keeps lines; else null
     */
    private record Pending(List<BatchItem> items, List<Long> itemBytes, long bytes,
            List<Map<String, Object>> correlations, int position, String batchKey, List<byte[]> requestLines) {
    }

    /** @param current the batch the exchange's items would join, or null */
    private Pending pending(Exchange exchange, ScaleDownBatch current) {
        Pending pending = exchange.getProperty(PENDING_PROPERTY, Pending.class);
        if (pending == null) {
            pending = resolve(exchange, current);
            exchange.setProperty(PENDING_PROPERTY, pending);
        }
        return pending;
    }

    private Pending resolve(Exchange exchange, ScaleDownBatch current) {
        int position = current == null ? 0 : current.size();
        String batchKey = current == null ? null : current.customIdKey();
        boolean writeLines = exactSizes && current != null && current.content().keepsRequestLines();
        Object body = exchange.getMessage().getBody();
        Map<String, Object> correlation = correlationOf(exchange);
        List<BatchItem> items;
        List<Map<String, Object>> correlations = new ArrayList<>();
        if (body instanceof ScaleDownBatch batch) {
            items = batch.items();
            for (BatchItem item : items) {
                Map<String, Object> kept = new LinkedHashMap<>(correlation);
                kept.putAll(batch.correlations().getOrDefault(item.customId(), Map.of()));
                correlations.add(kept);
            }
        } else {
            items = itemReader.read(exchange);
            items.forEach(item -> correlations.add(correlation));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the message body holds no items");
        }
        List<Long> itemBytes = new ArrayList<>(items.size());
        List<byte[]> requestLines = writeLines ? new ArrayList<>(items.size()) : null;
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            // the rules submit applies, checked now so the exchange that brought a bad item is the one that fails;
            // an item without id is checked and sized with the id it gets when appended (a new batch gives one
            // of the same key length and a lower position, so the size stays an upper bound)
            BatchItem sized = CustomIds.ensure(item, customIdPrefix, batchKey == null ? NEW_BATCH_KEY : batchKey,
                    position + i);
            BatchItemValidator.validateItem(sized, i);
            long size;
            if (writeLines) {
                byte[] line = BatchItemJson.requestLine(sized);
                requestLines.add(line);
                size = line.length;
            } else {
                size = sizeEstimator.estimateBytes(sized);
            }
            itemBytes.add(size);
            bytes += size;
        }
        return new Pending(items, itemBytes, bytes, correlations, position, batchKey, requestLines);
    }

    private Map<String, Object> correlationOf(Exchange exchange) {
        if (correlationHeaders.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String name : correlationHeaders) {
            Object value = exchange.getMessage().getHeader(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        return "ScaleDownBatchAggregationStrategy[maxItems=" + maxItems + ", maxBytes=" + maxBytes
                + ", correlationHeaders=" + correlationHeaders.stream().collect(Collectors.joining(",")) + "]";
    }
}
