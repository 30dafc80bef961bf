package xyz.scaledown.camel.producer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.ScaleDownSubmitUncertainException;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.FollowUpKeys;
import xyz.scaledown.camel.tracking.StoredBatchBody;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * {@code scaledown:submit}: sends the body's items as one batch and registers the batch with the tracker.
 * <p>
 * No double submit: each submit has a key, the batch's content fingerprint (SHA-256 over its request lines) or the
 * {@code CamelScaleDownSubmitKey} header. Before the POST the intent (key, custom_ids) is recorded in the tracker's
 * store, and the batch id after the 2xx. A submit whose key was answered before (the aggregator's recovery, a
 * redelivery, a file or JMS message consumed again under a new exchange id) is answered with the recorded submission
 * and {@code CamelScaleDownSubmitReplayed=true}; one whose earlier POST got no answer may or may not have created the
 * batch, and is only sent again with {@code resubmitUncertain}. Keys are kept for {@code submitKeyRetention}.
 */
final class SubmitOperation implements ProducerOperation {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitOperation.class);
    /** Expired keys are looked for at most this often. */
    private static final long PURGE_EVERY_MILLIS = 60_000;

    private final ScaleDownEndpoint endpoint;
    private final SubmitBodyReader bodyReader;
    private final AtomicLong nextPurge = new AtomicLong();

    SubmitOperation(ScaleDownEndpoint endpoint) {
        this.endpoint = endpoint;
        this.bodyReader = new SubmitBodyReader(endpoint.getConfiguration().itemParameters());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SubmitRequest batch = bodyReader.read(exchange);
        BatchBody body = batch.body();
        SubmitIntents intents = endpoint.getTracker().submitIntents();
        String headerKey = exchange.getMessage().getHeader(ScaleDownConstants.SUBMIT_KEY, String.class);
        boolean keyedByContent = headerKey == null || headerKey.isBlank();
        String key = keyedByContent ? contentFingerprint(body) : headerKey;
        Optional<SubmitIntent> earlier = intents.find(key);
        if (earlier.isPresent() && earlier.get().submitted()) {
            BatchSubmission recorded = earlier.get().submission();
            LOG.info("Submit key {} was answered before with ScaleDown batch {}: answered from the store, not posted"
                    + " again", key, recorded.batchId());
            if (!earlier.get().tracked()) {
                // the process died, or the store failed, between the POST's answer and tracking the batch
                track(intents, key, recorded, intents.customIds(key), batch);
            }
            answer(exchange, recorded, totalCount(recorded, body));
            exchange.getMessage().setHeader(ScaleDownConstants.SUBMIT_REPLAYED, true);
            return;
        }
        if (earlier.isPresent() && !resubmitUncertain(exchange)) {
            throw new ScaleDownSubmitUncertainException(key, intents.customIds(key));
        }
        if (earlier.isPresent()) {
            LOG.warn("Submit key {}: its earlier POST may or may not have created a batch; sending its {} items again"
                    + " (resubmitUncertain), so they may now be in two batches", key, body.itemCount());
        }

        purgeExpiredKeys(intents);
        List<String> customIds = new ArrayList<>(body.itemCount());
        body.forEachCustomId(customIds::add);
        BatchTracker tracker = endpoint.getTracker();
        // a follow-up batch sends an item's request line again, as it was first sent
        List<String> requestLines = endpoint.getConfiguration().isTrackSubmitted()
                && endpoint.getComponent().keepsRequestLines(tracker) ? FollowUpKeys.requestLines(body) : null;
        // a store that cannot write fails the submit here, before anything billable happens; a batch the store
        // holds already (aggregated into it) becomes the intent in place, its items not written again
        SubmitIntent intent = SubmitIntent.before(key, customIds.size());
        if (!intents.adopt(intent, body)) {
            intents.record(intent, customIds, requestLines);
        }
        // a key taken from the content is already the fingerprint of what is sent; a header key is not
        BatchBody sent = keyedByContent ? body : SubmitFingerprint.whileWriting(body);
        BatchSubmission submission = intents.postUnder(key, () -> endpoint.getClient().submit(sent));
        intents.recordSubmitted(key, keyedByContent ? key : sent.fingerprint(), submission);

        int totalCount = totalCount(submission, body);
        endpoint.getObserver().batchSubmitted(submission.batchId(), totalCount);
        LOG.info("Submitted ScaleDown batch {} with {} items (status {})", submission.batchId(), totalCount,
                submission.status());
        track(intents, key, submission, customIds, batch);
        answer(exchange, submission, totalCount);
    }

    /**
     * The content's fingerprint: the one a stored batch took as its lines were stored, or, for a batch in heap (or
     * resumed from the store after a restart), taken before the POST by writing the request lines through a digest
     * (nothing is held).
     */
    private static String contentFingerprint(BatchBody body) {
        String stored = body.fingerprint();
        return stored != null ? stored : SubmitFingerprint.of(body);
    }

    /** Forgets, at most once a minute, the keys older than submitKeyRetention. */
    private void purgeExpiredKeys(SubmitIntents intents) {
        long now = System.currentTimeMillis();
        long due = nextPurge.get();
        long retention = endpoint.getConfiguration().getSubmitKeyRetention();
        if (now >= due && nextPurge.compareAndSet(due, now + Math.min(retention, PURGE_EVERY_MILLIS))) {
            intents.purge(Instant.ofEpochMilli(now - retention));
        }
    }

    private void track(SubmitIntents intents, String key, BatchSubmission submission, List<String> customIds,
            SubmitRequest batch) {
        if (endpoint.getConfiguration().isTrackSubmitted()) {
            BatchTracker tracker = endpoint.getTracker();
            // the items of a batch stored in this tracker carry their correlations since they were added
            Map<String, Map<String, Object>> correlations = batch.body() instanceof StoredBatchBody stored
                    && stored.store() == intents ? null
                    : TrackedCorrelations.of(batch.body(), batch.correlations().get());
            tracker.trackSubmitted(key, TrackedBatch.submitted(submission.batchId(), customIds.size(),
                    submission.status(), tracker.now()), customIds, correlations);
            endpoint.getComponent().batchTracked(tracker);
        } else {
            intents.recordTracked(key);
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

    private static void answer(Exchange exchange, BatchSubmission submission, int totalCount) {
        Message message = exchange.getMessage();
        message.setBody(submission);
        message.setHeader(ScaleDownConstants.BATCH_ID, submission.batchId());
        message.setHeader(ScaleDownConstants.BATCH_STATUS, submission.status());
        message.setHeader(ScaleDownConstants.TOTAL_COUNT, totalCount);
    }
}
