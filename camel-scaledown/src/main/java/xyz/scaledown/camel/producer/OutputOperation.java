package xyz.scaledown.camel.producer;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import xyz.scaledown.camel.OutputMode;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.model.BatchResultItem;

/**
 * {@code scaledown:output}: the body becomes the batch's result items, as a list or as a streaming iterator.
 */
final class OutputOperation implements ProducerOperation {

    private final ScaleDownEndpoint endpoint;

    OutputOperation(ScaleDownEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        String batchId = BatchIdResolver.resolve(endpoint.getConfiguration(), exchange, "output");
        BatchOutput output = endpoint.getClient().output(batchId);
        Message message = exchange.getMessage();
        message.setHeader(ScaleDownConstants.BATCH_ID, batchId);
        if (endpoint.getConfiguration().getOutputMode() == OutputMode.iterator) {
            ClosingResultIterator iterator = new ClosingResultIterator(output);
            // the splitter closes a Closeable iterator; this covers routes that never iterate to the end
            exchange.getExchangeExtension().addOnCompletion(new CloseOnCompletion(iterator));
            message.setBody(iterator);
        } else {
            message.setBody(readAll(output));
        }
    }

    private static List<BatchResultItem> readAll(BatchOutput output) {
        try (output) {
            List<BatchResultItem> items = new ArrayList<>();
            output.forEachRemaining(items::add);
            return items;
        }
    }
}
