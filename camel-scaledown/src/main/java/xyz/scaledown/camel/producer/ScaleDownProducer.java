package xyz.scaledown.camel.producer;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import xyz.scaledown.camel.ScaleDownEndpoint;

/**
 * Runs the endpoint's operation: submit, status or output.
 */
public class ScaleDownProducer extends DefaultProducer {

    private final ProducerOperation operation;

    public ScaleDownProducer(ScaleDownEndpoint endpoint) {
        super(endpoint);
        this.operation = switch (endpoint.getOperation()) {
            case submit -> new SubmitOperation(endpoint);
            case status -> new StatusOperation(endpoint);
            case output -> new OutputOperation(endpoint);
            case results -> throw new IllegalArgumentException("results is the consumer operation");
        };
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        operation.process(exchange);
    }
}
