package xyz.scaledown.camel;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.consumer.ScaleDownResultsConsumer;
import xyz.scaledown.camel.health.ProducerHealthCheckRegistration;
import xyz.scaledown.camel.health.ScaleDownConsumerHealthCheck;
import xyz.scaledown.camel.observe.CompositeObserver;
import xyz.scaledown.camel.observe.EndpointActivity;
import xyz.scaledown.camel.observe.ScaleDownObserver;
import xyz.scaledown.camel.producer.ScaleDownProducer;
import xyz.scaledown.camel.tracking.BatchTracker;

/**
 * Summarize, extract and classify text in bulk with the ScaleDown Batch API.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "scaledown", title = "ScaleDown", syntax = "scaledown:operation",
             category = { Category.AI }, headersClass = ScaleDownConstants.class)
public class ScaleDownEndpoint extends ScheduledPollEndpoint {

    @UriPath(description = "The operation: submit, status and output for producers, results for the consumer that"
                           + " emits one exchange per result item")
    @Metadata(required = true)
    private ScaleDownOperation operation;

    @UriParam
    private ScaleDownConfiguration configuration;

    private ScaleDownClient client;
    private final EndpointActivity activity = new EndpointActivity();
    private final ProducerHealthCheckRegistration producerHealthCheck = new ProducerHealthCheckRegistration(this);
    private ScaleDownObserver observer = ScaleDownObserver.NONE;

    public ScaleDownEndpoint(String uri, ScaleDownComponent component, ScaleDownOperation operation,
                             ScaleDownConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public ScaleDownComponent getComponent() {
        return (ScaleDownComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (operation == ScaleDownOperation.results) {
            throw new IllegalArgumentException("scaledown:results is a consumer: use it in from(...),"
                                               + " and submit, status or output in to(...)");
        }
        return new ScaleDownProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != ScaleDownOperation.results) {
            throw new IllegalArgumentException("scaledown:" + operation + " is a producer operation:"
                                               + " use scaledown:results in from(...)");
        }
        ScaleDownResultsConsumer consumer = new ScaleDownResultsConsumer(this, processor);
        // replaces the scheduled-poll check Camel would make, and asks it first
        consumer.setHealthCheck(new ScaleDownConsumerHealthCheck(consumer));
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Built here so a missing key or a bad base URL stops the route at start-up, before any call.
        observer = CompositeObserver.of(activity, getComponent().metricsObserver());
        client = new ScaleDownClient(getComponent().getClientSettingsFactory().create(configuration, getCamelContext()),
                observer);
        // the tracker's store is opened (and a directory store's lock taken) when the route starts, not at its first use
        getTracker();
        if (operation != ScaleDownOperation.results) {
            producerHealthCheck.register();
        }
    }

    @Override
    protected void doStop() throws Exception {
        producerHealthCheck.unregister();
        if (client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    public ScaleDownClient getClient() {
        return client;
    }

    /** Where the endpoint's client, producer and consumer report what they do (health, metrics). */
    public ScaleDownObserver getObserver() {
        return observer;
    }

    /** What this endpoint's API calls did lately. */
    public EndpointActivity getActivity() {
        return activity;
    }

    public BatchTracker getTracker() {
        return getComponent().trackerFor(configuration);
    }

    public ScaleDownOperation getOperation() {
        return operation;
    }

    public void setOperation(ScaleDownOperation operation) {
        this.operation = operation;
    }

    public ScaleDownConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(ScaleDownConfiguration configuration) {
        this.configuration = configuration;
    }
}
