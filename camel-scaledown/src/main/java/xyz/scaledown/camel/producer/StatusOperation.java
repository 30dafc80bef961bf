package xyz.scaledown.camel.producer;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.model.BatchStatus;

/**
 * {@code scaledown:status}: the body becomes the batch's {@link BatchStatus}.
 */
final class StatusOperation implements ProducerOperation {

    private final ScaleDownEndpoint endpoint;

    StatusOperation(ScaleDownEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        String batchId = BatchIdResolver.resolve(endpoint.getConfiguration(), exchange, "status");
        BatchStatus status = endpoint.getClient().status(batchId);
        Message message = exchange.getMessage();
        message.setBody(status);
        message.setHeader(ScaleDownConstants.BATCH_ID, batchId);
        message.setHeader(ScaleDownConstants.BATCH_STATUS, status.status());
    }
}
