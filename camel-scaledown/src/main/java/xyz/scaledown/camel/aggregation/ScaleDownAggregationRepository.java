package xyz.scaledown.camel.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchangeHolder;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownSubmitUncertainException;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/**
 * A durable, recoverable {@link org.apache.camel.spi.AggregationRepository} for
 * {@link ScaleDownBatchAggregationStrategy}: each {@code add} appends only the items the incoming exchange brought, and
 * the body it hands back is a {@link ScaleDownBatch} whose items stay in the store, so a batch is held neither in heap
 * nor twice; submit streams the items from the store into the HTTP body.
 * <p>
 * A completed batch stays in the store until Camel confirms its exchange; after a crash the aggregator's recovery
 * task sends it again under the same exchange id, up to {@link #setMaximumRedeliveries maximumRedeliveries} (default
 * 3) times, then to the {@link #setDeadLetterUri dead letter URI}, or without one logs it as an ERROR
 * ({@link ScaleDownSubmitUncertainException} naming its items) and drops it. {@code scaledown:submit} records each
 * submission under its key (the batch's content fingerprint), so a recovered batch already created is not sent again.
 * <p>
 * A directory store serves one aggregator (one JVM); a JDBC store is shared by any number of nodes, each holding its
 * own open batches (see {@link JdbcScaleDownAggregationRepository}). The duplicate check and the totals of a node's
 * open batches are kept in its heap.
 */
public abstract class ScaleDownAggregationRepository extends ServiceSupport
        implements RecoverableAggregationRepository, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownAggregationRepository.class);

    public static final int DEFAULT_MAXIMUM_REDELIVERIES = 3;

    private final Map<String, GroupState> open = new ConcurrentHashMap<>();
    /** Recoveries per exchange id, counted here when there is no dead letter URI (Camel counts them otherwise). */
    private final Map<String, Integer> recoveries = new ConcurrentHashMap<>();
    private CamelContext camelContext;
    private volatile AggregationStore store;
    private boolean useRecovery = true;
    private long recoveryInterval = 5000;
    private int maximumRedeliveries = DEFAULT_MAXIMUM_REDELIVERIES;
    private String deadLetterUri;

    ScaleDownAggregationRepository() {
    }

    /** The view on the component's store that the endpoints with the same DataSource or directory use. */
    abstract AggregationStore createStore(ScaleDownComponent component);

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** Opens the store now when Camel gave the context, else at the first call that names it. */
    @Override
    protected void doStart() throws Exception {
        if (camelContext != null) {
            store(camelContext);
        }
    }

    private AggregationStore store(CamelContext context) {
        AggregationStore opened = store;
        return opened != null ? opened : open(context);
    }

    private synchronized AggregationStore open(CamelContext context) {
        if (store != null) {
            return store;
        }
        AggregationStore store = createStore(context.getComponent("scaledown", ScaleDownComponent.class));
        try {
            store.start();
        } catch (Exception e) {
            throw new IllegalStateException(this + " cannot open its store: " + e.getMessage(), e);
        }
        long items = 0;
        for (StoredGroup group : store.openGroups()) {
            GroupState state = GroupState.of(group, true);
            store.forEachCustomId(group.exchangeId(), state.customIds::add);
            open.put(group.key(), state);
            items += group.itemCount();
        }
        LOG.info("{} started: {} open batch(es) with {} item(s) resumed, {} completed batch(es) wait for recovery",
                this, open.size(), items, store.completedIds().size());
        this.store = store;
        return store;
    }

    @Override
    protected void doStop() throws Exception {
        open.clear();
        AggregationStore opened = store;
        store = null;
        if (opened != null) {
            opened.stop();
        }
    }

    // ------------------------------------------------------------------ AggregationRepository

    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        store(camelContext);
        ScaleDownBatch batch = exchange.getMessage().getBody(ScaleDownBatch.class);
        if (batch == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " stores ScaleDownBatch bodies (use it with "
                    + "ScaleDownBatchAggregationStrategy); correlation key '" + key + "' brought a "
                    + (exchange.getMessage().getBody() == null ? "null body"
                            : exchange.getMessage().getBody().getClass().getName()));
        }
        GroupState state = open.get(key);
        if (state == null) {
            DefaultExchangeHolder envelope = ExchangeEnvelope.of(exchange, batch.customIdKey());
            state = GroupState.opened(exchange.getExchangeId(), envelope);
            List<StoredItem> items = StoredBatchContent.stored(batch.items(), batch.correlations(), null);
            store.create(new StoredGroup(state.exchangeId, key, ExchangeEnvelope.toBytes(envelope), 0, 0), items);
            state.added(items);
            open.put(key, state);
            LOG.debug("Opened batch {} under correlation key {} with {} item(s)", state.exchangeId, key, items.size());
        } else if (!flush(key, state, batch)) {
            throw new IllegalStateException("correlation key '" + key + "' already has an open batch (exchange "
                    + state.exchangeId + "); the aggregation strategy must add to the exchange it was given");
        }
        return null;
    }

    @Override
    public Exchange get(CamelContext camelContext, String key) {
        store(camelContext);
        GroupState state = open.get(key);
        return state == null ? null : exchangeOf(camelContext, state);
    }

    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        store(camelContext);
        GroupState state = open.get(key);
        if (state == null) {
            return;
        }
        ScaleDownBatch batch = exchange.getMessage().getBody(ScaleDownBatch.class);
        flush(key, state, batch);
        // the envelope again: the aggregator has marked the exchange (completed by, correlation key) since it opened
        byte[] envelope = ExchangeEnvelope.toBytes(
                ExchangeEnvelope.of(exchange, batch == null ? null : batch.customIdKey()));
        forgetIfTakenOver(key, () -> store.complete(state.exchangeId, envelope));
        state.complete();
        open.remove(key);
        LOG.debug("Completed batch {} ({} items) under correlation key {}", state.exchangeId, state.itemCount, key);
    }

    /** Stores the items added through the handle {@link #get} put in the body; false when it holds no such handle. */
    private boolean flush(String key, GroupState state, ScaleDownBatch batch) {
        if (batch != null && batch.content() instanceof StoredBatchContent stored && stored.belongsTo(state)) {
            forgetIfTakenOver(key, stored::flush);
            return true;
        }
        return false;
    }

    /** Another node took the batch over and submits it: this node forgets it. */
    private void forgetIfTakenOver(String key, Runnable change) {
        try {
            change.run();
        } catch (BatchTakenOverException e) {
            open.remove(key);
            throw e;
        }
    }

    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        store(camelContext).delete(exchangeId);
        recoveries.remove(exchangeId);
        LOG.debug("Confirmed batch {}: deleted from the store", exchangeId);
    }

    @Override
    public Set<String> getKeys() {
        return Set.copyOf(open.keySet());
    }

    // ------------------------------------------------------------------ RecoverableAggregationRepository

    @Override
    public Set<String> scan(CamelContext camelContext) {
        return store(camelContext).completedIds();
    }

    @Override
    public Exchange recover(CamelContext camelContext, String exchangeId) {
        StoredGroup group = store(camelContext).completed(exchangeId);
        if (group == null) {
            return null;
        }
        if (deadLetterUri == null && maximumRedeliveries > 0
                && recoveries.merge(exchangeId, 1, Integer::sum) > maximumRedeliveries) {
            giveUp(exchangeId, group);
            return null;
        }
        LOG.info("Recovering ScaleDown batch of exchange {} ({} items, correlation key {})", exchangeId,
                group.itemCount(), group.key());
        Exchange exchange = exchangeOf(camelContext, GroupState.of(group, false));
        exchange.setProperty(ExchangePropertyKey.AGGREGATED_CORRELATION_KEY, group.key());
        // a batch still open when its node went away was completed by the node taking it over: "force", as Camel
        // names a completion from outside (its aggregator's statistics fail on an exchange completed by nothing)
        if (exchange.getProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY) == null) {
            exchange.setProperty(ExchangePropertyKey.AGGREGATED_COMPLETED_BY, "force");
        }
        return exchange;
    }

    /**
     * Without a dead letter URI: the batch was handed back maximumRedeliveries times and failed each time (typically
     * submit refusing it as uncertain), so it is reported with its items and dropped instead of retried for ever.
     */
    private void giveUp(String exchangeId, StoredGroup group) {
        List<String> customIds = new ArrayList<>(group.itemCount());
        store.forEachCustomId(exchangeId, customIds::add);
        LOG.error("Giving up the ScaleDown batch of exchange {} after {} recoveries (maximumRedeliveries, no"
                + " deadLetterUri): it is removed from {}", exchangeId, maximumRedeliveries, this,
                ScaleDownSubmitUncertainException.givenUp(exchangeId, customIds));
        store.delete(exchangeId);
        recoveries.remove(exchangeId);
    }

    private Exchange exchangeOf(CamelContext context, GroupState state) {
        Exchange exchange = ExchangeEnvelope.restore(context, state.envelope);
        exchange.getMessage().setBody(new ScaleDownBatch(new StoredBatchContent(store(context), state),
                ExchangeEnvelope.takeCustomIdKey(exchange)));
        return exchange;
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        this.useRecovery = useRecovery;
    }

    @Override
    public boolean isUseRecovery() {
        return useRecovery;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    @Override
    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        this.maximumRedeliveries = maximumRedeliveries;
    }

    /**
     * How many times recovery hands a failed batch back (default 3; 0: for ever). Without a dead letter URI this
     * repository counts them itself and then gives the batch up, so Camel is told 0 (it would need a dead letter URI).
     */
    @Override
    public int getMaximumRedeliveries() {
        return deadLetterUri == null ? 0 : maximumRedeliveries;
    }
}
