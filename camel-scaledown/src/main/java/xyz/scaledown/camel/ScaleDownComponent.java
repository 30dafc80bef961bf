package xyz.scaledown.camel;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.Service;
import org.apache.camel.support.service.ServiceHelper;

import xyz.scaledown.camel.consumer.TransactedMarkPlugin;
import xyz.scaledown.camel.metrics.MeterRegistryLookup;
import xyz.scaledown.camel.observe.ScaleDownObserver;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.FileBatchTracker;
import xyz.scaledown.camel.tracking.InMemoryBatchTracker;
import xyz.scaledown.camel.tracking.jdbc.JdbcBatchTracker;

/**
 * The {@code scaledown:} component: submit, status and output producers and the results consumer of the ScaleDown
 * Batch API.
 */
@Component("scaledown")
public class ScaleDownComponent extends HealthCheckComponent {

    @Metadata(description = "The options every endpoint starts from")
    private ScaleDownConfiguration configuration = new ScaleDownConfiguration();

    @Metadata(label = "health", defaultValue = "3",
              description = "The readiness checks go DOWN when this many API calls in a row failed with errors a"
                            + " retry will not fix (4xx other than 429); 0 turns this rule off. A refused key"
                            + " (401/403) is DOWN at once.")
    private int healthCheckFailureThreshold = 3;

    private final BatchTracker inMemoryTracker = new InMemoryBatchTracker();
    private final Map<Path, FileBatchTracker> fileTrackers = new ConcurrentHashMap<>();
    /** Set by a stop (Camel's own states count a never-started component as stopped too); cleared by a start. */
    private volatile boolean storesClosed;
    private final Map<DataSource, JdbcBatchTracker> jdbcTrackers = new ConcurrentHashMap<>();
    private final Map<BatchTracker, Consumer> trackerWatchers = new ConcurrentHashMap<>();
    /** Results endpoints with maxAttempts > 1: submit keeps the request lines of the batches their tracker holds. */
    private final Set<ScaleDownEndpoint> followUpEndpoints = ConcurrentHashMap.newKeySet();
    private ClientSettingsFactory clientSettingsFactory = ClientSettingsFactory.fromSystemEnvironment();
    private volatile ScaleDownObserver metricsObserver;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ScaleDownOperation operation = parseOperation(remaining);
        ScaleDownEndpoint endpoint = new ScaleDownEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        if (operation == ScaleDownOperation.results) {
            // where the context did not load the plugin: before the results route is made, its transaction may write the marks
            TransactedMarkPlugin.install(getCamelContext());
        }
        if (operation == ScaleDownOperation.results && endpoint.getConfiguration().getMaxAttempts() > 1) {
            followUpEndpoints.add(endpoint);
        }
        return endpoint;
    }

    private static ScaleDownOperation parseOperation(String remaining) {
        try {
            return ScaleDownOperation.valueOf(remaining.trim());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Unknown ScaleDown operation '" + remaining
                                               + "': expected one of submit, status, output, results");
        }
    }

    /**
     * The tracker an endpoint with these options uses: the explicit one, a shared JDBC or file store, or the in-memory
     * one. Endpoints naming the same DataSource or directory share one tracker.
     */
    BatchTracker trackerFor(ScaleDownConfiguration endpointConfiguration) {
        if (endpointConfiguration.getTracker() != null) {
            // a store given as a bean is started on first use (idempotent); its owner stops it
            BatchTracker tracker = endpointConfiguration.getTracker();
            if (tracker instanceof Service service) {
                ServiceHelper.startService(service);
            }
            return tracker;
        }
        DataSource dataSource = endpointConfiguration.getTrackerDataSource();
        if (dataSource != null && endpointConfiguration.getTrackerDirectory() != null) {
            throw new IllegalArgumentException("trackerDataSource and trackerDirectory are both set: a batch is tracked"
                                               + " in one store, so set only one of them");
        }
        if (dataSource != null) {
            return jdbcTracker(dataSource, endpointConfiguration.isCreateTables(),
                    endpointConfiguration.getLeaseDuration(), endpointConfiguration.getQueryTimeout());
        }
        if (endpointConfiguration.getTrackerDirectory() != null) {
            return fileTracker(Path.of(endpointConfiguration.getTrackerDirectory()));
        }
        return inMemoryTracker;
    }

    /**
     * The started JDBC store of this DataSource: the one instance the endpoints with {@code trackerDataSource} and the
     * {@code JdbcScaleDownAggregationRepository} on it share (one node token, one lease). The settings of the first
     * user open it; a different {@code leaseDuration} later is refused.
     */
    public JdbcBatchTracker jdbcTracker(DataSource dataSource, boolean createTables, long leaseDuration,
            long queryTimeoutMillis) {
        checkOpen();
        JdbcBatchTracker tracker = jdbcTrackers.computeIfAbsent(dataSource,
                ds -> started(new JdbcBatchTracker(ds, createTables, leaseDuration, queryTimeoutMillis)));
        if (tracker.getLeaseDuration() != leaseDuration) {
            throw new IllegalArgumentException("leaseDuration=" + leaseDuration + " differs from the "
                                               + tracker.getLeaseDuration() + " ms of the tracker another endpoint"
                                               + " opened on this trackerDataSource: endpoints on one DataSource"
                                               + " share one tracker, so set leaseDuration on the component");
        }
        return tracker;
    }

    /**
     * The started directory store: the one instance the endpoints with {@code trackerDirectory} and the
     * {@code FileScaleDownAggregationRepository} on it share. Started here: it takes the directory's lock, so a second
     * process is refused when its route starts.
     */
    public FileBatchTracker fileTracker(Path directory) {
        checkOpen();
        return fileTrackers.computeIfAbsent(directory.toAbsolutePath().normalize(),
                d -> started(new FileBatchTracker(d)));
    }

    private void checkOpen() {
        if (storesClosed) {
            // a delivery still finishing its item after the stop must not open (and lock) a store nobody stops
            throw new IllegalStateException("The scaledown component is stopped: its tracker stores are closed");
        }
    }

    private static <T extends Service> T started(T service) {
        ServiceHelper.startService(service);
        return service;
    }

    /**
     * Registers the results consumer that watches a tracker; a second one on the same tracker is refused, since both
     * would emit every batch.
     */
    public void claimTracker(BatchTracker tracker, Consumer consumer) {
        Consumer holder = trackerWatchers.putIfAbsent(tracker, consumer);
        if (holder != null && holder != consumer) {
            throw new IllegalStateException("Another scaledown:results consumer (" + holder.getEndpoint()
                                            + ") already watches this tracker: both would emit every batch. Give each"
                                            + " results consumer its own tracker (tracker, trackerDirectory or"
                                            + " trackerDataSource option); nodes sharing a trackerDataSource run one"
                                            + " each");
        }
        if (holder == null) {
            try {
                tracker.openForResults();
            } catch (RuntimeException e) {
                trackerWatchers.remove(tracker, consumer);
                throw e;
            }
        }
    }

    public void releaseTracker(BatchTracker tracker, Consumer consumer) {
        if (trackerWatchers.remove(tracker, consumer)) {
            tracker.closeForResults();
        }
    }

    /**
     * Whether submit keeps each item's request line with the batches it tracks here: a results endpoint of this
     * component reading the tracker may send them again in a follow-up batch (maxAttempts > 1).
     */
    public boolean keepsRequestLines(BatchTracker tracker) {
        return followUpEndpoints.stream().anyMatch(endpoint -> endpoint.getTracker() == tracker);
    }

    /** Tells the results consumer watching this tracker, if any, that a batch was just tracked. */
    public void batchTracked(BatchTracker tracker) {
        if (trackerWatchers.get(tracker) instanceof BatchTrackedListener listener) {
            listener.batchTracked();
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        storesClosed = false;
    }

    @Override
    protected void doStop() throws Exception {
        storesClosed = true;
        ServiceHelper.stopService(fileTrackers.values());
        fileTrackers.clear();
        ServiceHelper.stopService(jdbcTrackers.values());
        jdbcTrackers.clear();
        super.doStop();
    }

    /** The Micrometer meters of all endpoints, found on first use; nothing when no MeterRegistry is bound. */
    synchronized ScaleDownObserver metricsObserver() {
        if (metricsObserver == null) {
            metricsObserver = MeterRegistryLookup.metricsFor(getCamelContext());
        }
        return metricsObserver;
    }

    public int getHealthCheckFailureThreshold() {
        return healthCheckFailureThreshold;
    }

    public void setHealthCheckFailureThreshold(int healthCheckFailureThreshold) {
        this.healthCheckFailureThreshold = healthCheckFailureThreshold;
    }

    ClientSettingsFactory getClientSettingsFactory() {
        return clientSettingsFactory;
    }

    /** Lets tests stand in for the process environment (SCALEDOWN_API_KEY, SCALEDOWN_API_BASE). */
    void setEnvironment(UnaryOperator<String> environment) {
        this.clientSettingsFactory = new ClientSettingsFactory(environment);
    }

    public ScaleDownConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(ScaleDownConfiguration configuration) {
        this.configuration = configuration;
    }
}
