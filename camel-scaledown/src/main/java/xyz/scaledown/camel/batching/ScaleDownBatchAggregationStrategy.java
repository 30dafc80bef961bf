package xyz.scaledown.camel.batching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchItemValidator;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Builds a {@link ScaleDownBatch} with Camel's Aggregator EIP: each incoming exchange adds one item (its body as a
 * {@link BatchItem}, a map, JSON text, or plain text with header {@code CamelScaleDownModel}) or several (a list or a
 * {@link ScaleDownBatch} body).
 * <p>
 * <b>custom_id</b>: header {@code CamelScaleDownCustomId}, else the item's own, else {@code customIdPrefix + n}. A
 * duplicate within the batch is refused.
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

    private final AtomicLong sequence = new AtomicLong();
    private int maxItems = DEFAULT_MAX_ITEMS;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private List<String> correlationHeaders = List.of();
    private String customIdPrefix = "sd-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private ItemSizeEstimator sizeEstimator = ItemSizeEstimator.jsonLine();

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
            pending = pending(newExchange);
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
            Pending pending = pending(newExchange);
            newExchange.removeProperty(PENDING_PROPERTY);
            ScaleDownBatch batch = oldExchange == null ? new ScaleDownBatch()
                    : oldExchange.getMessage().getBody(ScaleDownBatch.class);
            batch.addAll(pending.items, pending.correlations, pending.itemBytes);
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

    /** The items of one exchange with their final custom ids, sizes and correlations; computed once per exchange. */
    private record Pending(List<BatchItem> items, List<Long> itemBytes, long bytes,
            Map<String, Map<String, Object>> correlations) {
    }

    private Pending pending(Exchange exchange) {
        Pending pending = exchange.getProperty(PENDING_PROPERTY, Pending.class);
        if (pending == null) {
            pending = resolve(exchange);
            exchange.setProperty(PENDING_PROPERTY, pending);
        }
        return pending;
    }

    private Pending resolve(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Map<String, Object> correlation = correlationOf(exchange);
        List<BatchItem> items = new ArrayList<>();
        Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
        if (body instanceof ScaleDownBatch batch) {
            for (BatchItem item : batch.items()) {
                BatchItem withId = withCustomId(item, null);
                items.add(withId);
                Map<String, Object> kept = new LinkedHashMap<>(correlation);
                kept.putAll(batch.correlations().getOrDefault(item.customId(), Map.of()));
                correlations.put(withId.customId(), kept);
            }
        } else if (body instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                BatchItem item = withCustomId(toItem(exchange, element, index++), null);
                items.add(item);
                correlations.put(item.customId(), correlation);
            }
        } else {
            String headerId = exchange.getMessage().getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
            BatchItem item = withCustomId(toItem(exchange, body, 0), headerId);
            items.add(item);
            correlations.put(item.customId(), correlation);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the message body holds no items");
        }
        for (int i = 0; i < items.size(); i++) {
            // the rules submit applies, checked now so the exchange that brought a bad item is the one that fails
            BatchItemValidator.validateItem(items.get(i), i);
        }
        List<Long> itemBytes = new ArrayList<>(items.size());
        long bytes = 0;
        for (BatchItem item : items) {
            long size = sizeEstimator.estimateBytes(item);
            itemBytes.add(size);
            bytes += size;
        }
        return new Pending(items, itemBytes, bytes, correlations);
    }

    private BatchItem withCustomId(BatchItem item, String headerId) {
        if (headerId != null && !headerId.isBlank()) {
            return headerId.equals(item.customId()) ? item : item.withCustomId(headerId);
        }
        if (item.customId() != null) {
            return item;
        }
        return item.withCustomId(customIdPrefix + sequence.incrementAndGet());
    }

    private static BatchItem toItem(Exchange exchange, Object value, int index) {
        if (value instanceof BatchItem item) {
            return item;
        }
        if (value == null) {
            throw new IllegalArgumentException("item " + index + ": the message body is empty");
        }
        try {
            return exchange.getContext().getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, value);
        } catch (NoTypeConversionAvailableException e) {
            IllegalArgumentException cause = findIllegalArgument(e);
            if (cause != null) {
                throw cause;
            }
            throw new IllegalArgumentException("item " + index + ": cannot turn a " + value.getClass().getName()
                    + " into a ScaleDown item: send a BatchItem, a Map, JSON text, or plain text with header '"
                    + ScaleDownConstants.MODEL + "'", e);
        } catch (RuntimeException e) {
            IllegalArgumentException cause = findIllegalArgument(e);
            throw cause != null ? cause : new IllegalArgumentException("item " + index + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException findIllegalArgument(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae) {
                return iae;
            }
        }
        return null;
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
