package xyz.scaledown.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.ScaleDownSubmitUncertainException;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.FollowUpKeys;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:submit}: sends the body's items as one batch and registers the batch with the tracker.
 * <p>
 * No double submit: before the POST, the intent (exchange id, custom_ids) is recorded in the tracker's store, and the
 * batch id with the fingerprint of what was sent after the 2xx. The same exchange with the same content coming back (the
 * aggregator's recovery after a crash, a redelivery) is answered with the recorded submission when there is one; when
 * there is none, the earlier POST may or may not have created the batch, and it is only sent again with
 * {@code resubmitUncertain}.
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
        BatchBody body = batch.body();
        SubmitIntents intents = endpoint.getTracker().submitIntents();
        String key = exchange.getExchangeId();
        Optional<SubmitIntent> earlier = intents.find(key).filter(intent -> intent.isFor(SubmitFingerprint.of(body)));
        if (earlier.isPresent() && earlier.get().submitted()) {
            BatchSubmission recorded = earlier.get().submission();
            LOG.info("Exchange {} was already submitted as ScaleDown batch {}: answered from the record, not sent again",
                    key, recorded.batchId());
            forgetOnCompletion(exchange, intents, key);
            if (!earlier.get().tracked()) {
                // the process died between the POST's answer and handing the batch to the tracker
                track(intents, key, recorded, intents.customIds(key), batch);
            }
            answer(exchange, recorded, totalCount(recorded, body));
            return;
        }
        if (earlier.isPresent() && !resubmitUncertain(exchange)) {
            throw new ScaleDownSubmitUncertainException(key, intents.customIds(key));
        }
        if (earlier.isPresent()) {
            LOG.warn("Exchange {}: its earlier POST may or may not have created a batch; sending its {} items again"
                    + " (resubmitUncertain), so they may now be in two batches", key, body.itemCount());
        }

        List<String> customIds = new ArrayList<>(body.itemCount());
        body.forEachCustomId(customIds::add);
        // a store that cannot write fails the submit here, before anything billable happens
        intents.record(SubmitIntent.before(key, customIds.size()), customIds);
        forgetOnCompletion(exchange, intents, key);
        SubmitFingerprint.Recording sent = SubmitFingerprint.whileWriting(body);
        BatchSubmission submission = post(sent, intents, key);
        intents.recordSubmitted(key, sent.fingerprint(), submission);

        int totalCount = totalCount(submission, body);
        endpoint.getObserver().batchSubmitted(submission.batchId(), totalCount);
        LOG.info("Submitted ScaleDown batch {} with {} items (status {})", submission.batchId(), totalCount,
                submission.status());
        track(intents, key, submission, customIds, batch);
        answer(exchange, submission, totalCount);
    }

    private void track(SubmitIntents intents, String key, BatchSubmission submission, List<String> customIds,
            SubmitRequest batch) {
        if (endpoint.getConfiguration().isTrackSubmitted()) {
            try {
                BatchTracker tracker = endpoint.getTracker();
                // a follow-up batch sends an item's request line again, as it was first sent
                Map<String, Map<String, Object>> correlations = endpoint.getComponent().keepsRequestLines(tracker)
                        ? FollowUpKeys.withRequestLines(batch.body(), batch.correlations()) : batch.correlations();
                tracker.track(TrackedBatch.submitted(submission.batchId(), customIds.size(), submission.status()),
                        customIds, correlations);
                endpoint.getComponent().batchTracked(endpoint.getTracker());
            } catch (IllegalStateException alreadyTracked) {
                // a crash fell between tracking and recording it: the tracker has the batch
                LOG.debug("Batch {} was already tracked", submission.batchId());
            }
        }
        intents.recordTracked(key);
    }

    /** The POST; an intent whose POST certainly created nothing is forgotten, an uncertain one is kept. */
    private BatchSubmission post(BatchBody body, SubmitIntents intents, String key) {
        try {
            return endpoint.getClient().submit(body);
        } catch (ScaleDownException e) {
            if (e.getStatusCode() != 0 || e.isRetryable()) {
                intents.forget(key);
            }
            throw e;
        } catch (RuntimeException e) {
            intents.forget(key);
            throw e;
        }
    }

    /** What the API says it accepted, or, when it does not say, what was sent. */
    private static int totalCount(BatchSubmission submission, BatchBody body) {
        return submission.totalCount() > 0 ? submission.totalCount() : body.itemCount();
    }

    private boolean resubmitUncertain(Exchange exchange) {
        return exchange.getMessage().getHeader(ScaleDownConstants.RESUBMIT_UNCERTAIN,
                endpoint.getConfiguration().isResubmitUncertain(), Boolean.class);
    }

    private static void forgetOnCompletion(Exchange exchange, SubmitIntents intents, String key) {
        exchange.getExchangeExtension().addOnCompletion(new ForgetIntentOnCompletion(intents, key));
    }

    private static void answer(Exchange exchange, BatchSubmission submission, int totalCount) {
        Message message = exchange.getMessage();
        message.setBody(submission);
        message.setHeader(ScaleDownConstants.BATCH_ID, submission.batchId());
        message.setHeader(ScaleDownConstants.BATCH_STATUS, submission.status());
        message.setHeader(ScaleDownConstants.TOTAL_COUNT, totalCount);
    }
}
