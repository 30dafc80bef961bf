package xyz.scaledown.camel.producer;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:submit}: sends the body's items as one batch and registers the batch with the tracker.
 */
final class SubmitOperation implements ProducerOperation {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitOperation.class);

    private final ScaleDownEndpoint endpoint;
    private final SubmitBodyReader bodyReader;

    SubmitOperation(ScaleDownEndpoint endpoint) {
        this.endpoint = endpoint;
        this.bodyReader = new SubmitBodyReader(endpoint.getConfiguration().itemParameters());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SubmitRequest batch = bodyReader.read(exchange);
        BatchSubmission submission = endpoint.getClient().submit(batch.items());
        int totalCount = submission.totalCount() > 0 ? submission.totalCount() : batch.items().size();
        endpoint.getObserver().batchSubmitted(submission.batchId(), totalCount);
        LOG.info("Submitted ScaleDown batch {} with {} items (status {})", submission.batchId(), totalCount,
                submission.status());
        if (endpoint.getConfiguration().isTrackSubmitted()) {
            List<String> customIds = batch.items().stream().map(BatchItem::customId).toList();
            endpoint.getTracker().track(
                    TrackedBatch.submitted(submission.batchId(), customIds.size(), submission.status()),
                    customIds, batch.correlations());
            endpoint.getComponent().batchTracked(endpoint.getTracker());
        }
        Message message = exchange.getMessage();
        message.setBody(submission);
        message.setHeader(ScaleDownConstants.BATCH_ID, submission.batchId());
        message.setHeader(ScaleDownConstants.BATCH_STATUS, submission.status());
        message.setHeader(ScaleDownConstants.TOTAL_COUNT, totalCount);
    }
}
