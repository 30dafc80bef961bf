package xyz.scaledown.camel.producer;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;

import xyz.scaledown.camel.OutputMode;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.model.BatchResultItem;

/**
 * {@code scaledown:output}: the body becomes the batch's result items, as a list or as the streaming
 * {@link BatchOutput} itself (a closeable iterator).
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
            // the splitter closes the output; this covers routes that never iterate to the end
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    output.close();
                }
            });
            message.setBody(output);
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
