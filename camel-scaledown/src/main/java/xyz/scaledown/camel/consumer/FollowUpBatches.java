package xyz.scaledown.camel.consumer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.tracking.BatchTracker;
import xyz.scaledown.camel.tracking.FollowUpKeys;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.SubmitIntents;
import xyz.scaledown.camel.tracking.TrackedBatch;

/**
 * Sends the items of an ended batch that the API did not answer as follow-up batches: their kept request lines, in
 * parts within {@code followUpMaxItems} and {@code followUpMaxBytes}, each under an intent recorded before its POST
 * (key {@code follow-up:<batch id>:<part>}), so a crash between the end of the batch and the POST, or after it, never
 * posts a part twice. Each part is tracked as a batch of its own, its items with their correlation headers, the next
 * attempt and the batch they came from.
 */
final class FollowUpBatches {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpBatches.class);

    /**
     * One item waiting for a follow-up: its index in the ended batch, its code, its kept correlation and request line,
     * and the API's error line when the API answered it with a retryable error (null when it did not answer).
     */
    record Held(int index, String customId, String code, Map<String, Object> correlation, String requestLine,
            BatchResultItem answer) {

        int attempt() {
            return FollowUpKeys.attempt(correlation);
        }
    }

    private final ScaleDownEndpoint endpoint;
    private final FollowUpPolicy policy;

    FollowUpBatches(ScaleDownEndpoint endpoint, FollowUpPolicy policy) {
        this.endpoint = endpoint;
        this.policy = policy;
    }

    FollowUpPolicy policy() {
        return policy;
    }

    private BatchTracker tracker() {
        return endpoint.getTracker();
    }

    static String intentKey(String batchId, int part) {
        return "follow-up:" + batchId + ":" + part;
    }

    /**
     * Sends the held items, part by part, the parts numbering their exchanges on from {@code range} in turn (a part
     * not sent takes no numbers: its items are routed from the ended batch after the others). Returns the items that
     * were not sent because an earlier POST of their part may or may not have created a batch (a crash during it) and
     * {@code resubmitUncertain} is off: they end as error items. A failed POST throws, and the ended batch is polled
     * again after its back-off.
     */
    List<Held> send(String batchId, List<Held> held, SubmissionRange range) {
        SubmitIntents intents = tracker().submitIntents();
        List<Held> notSent = new ArrayList<>();
        List<List<Held>> parts = split(held);
        SubmissionRange partRange = range;
        for (int part = 0; part < parts.size(); part++) {
            List<Held> items = parts.get(part);
            String key = intentKey(batchId, part);
            LinesBody body = new LinesBody(items);
            Optional<SubmitIntent> earlier = intents.find(key);
            BatchSubmission submission;
            if (earlier.isPresent() && earlier.get().submitted()) {
                submission = earlier.get().submission();
                LOG.info("ScaleDown batch {}: its follow-up part {} was already posted as batch {}; not sent again",
                        batchId, part, submission.batchId());
                if (earlier.get().tracked()) {
                    partRange = partRange.after(items.size());
                    continue;
                }
            } else if (earlier.isPresent() && !endpoint.getConfiguration().isResubmitUncertain()) {
                LOG.warn("ScaleDown batch {}: the POST of its follow-up part {} ({} items) may or may not have created a"
                        + " batch; it is not sent again (resubmitUncertain=false), its items end as error items",
                        batchId, part, items.size());
                notSent.addAll(items);
                continue;
            } else {
                intents.record(SubmitIntent.before(key, items.size()), body.customIds(),
                        items.stream().map(Held::requestLine).toList());
                submission = intents.postUnder(key, () -> endpoint.getClient().submit(body));
                // no fingerprint: the key names the part, and the lines are the ones the items kept
                intents.recordSubmitted(key, null, submission);
                endpoint.getObserver().batchSubmitted(submission.batchId(), items.size());
                endpoint.getObserver().followUpSubmitted(batchId, submission.batchId(), items.get(0).attempt() + 1,
                        codes(items));
                LOG.info("ScaleDown batch {}: {} items without an answer sent again as follow-up batch {} (attempt {})",
                        batchId, items.size(), submission.batchId(), items.get(0).attempt() + 1);
            }
            track(key, batchId, submission, items, partRange);
            partRange = partRange.after(items.size());
        }
        return notSent;
    }

    /**
     * Forgets the follow-up records of the batch that never got an answer, once the batch left the store; the others
     * are tracked batches of their own, kept as their key once delivered.
     */
    void forget(String batchId) {
        SubmitIntents intents = tracker().submitIntents();
        for (int part = 0; intents.find(intentKey(batchId, part)).isPresent(); part++) {
            intents.forget(intentKey(batchId, part));
        }
    }

    private static Map<String, Integer> codes(List<Held> items) {
        Map<String, Integer> codes = new LinkedHashMap<>();
        items.forEach(item -> codes.merge(item.code(), 1, Integer::sum));
        return codes;
    }


    /**
     * Tracks the follow-up and records its intent tracked, in one step of the store; its items keep where its exchanges
     * stand among the submission's.
     */
    private void track(String key, String batchId, BatchSubmission submission, List<Held> items,
                       SubmissionRange range) {
        List<String> customIds = new ArrayList<>(items.size());
        Map<String, Map<String, Object>> correlations = new LinkedHashMap<>();
        for (Held item : items) {
            customIds.add(item.customId());
            Map<String, Object> correlation = new LinkedHashMap<>(item.correlation());
            correlation.put(ScaleDownConstants.ATTEMPT, item.attempt() + 1);
            correlation.put(FollowUpKeys.PREVIOUS_BATCH, batchId);
            range.keepIn(correlation);
            correlations.put(item.customId(), correlation);
        }
        tracker().trackSubmitted(key, TrackedBatch.submitted(submission.batchId(), customIds.size(),
                submission.status(), tracker().now()), customIds, correlations);
        endpoint.getComponent().batchTracked(tracker());
    }

    /** The held items in submission order, cut so no part passes followUpMaxItems and followUpMaxBytes. */
    private List<List<Held>> split(List<Held> held) {
        List<List<Held>> parts = new ArrayList<>();
        List<Held> part = new ArrayList<>();
        long bytes = 0;
        for (Held item : held) {
            long size = item.requestLine().getBytes(StandardCharsets.UTF_8).length + 1L;
            if (!part.isEmpty() && (part.size() >= policy.maxItems() || bytes + size > policy.maxBytes())) {
                parts.add(part);
                part = new ArrayList<>();
                bytes = 0;
            }
            part.add(item);
            bytes += size;
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /** A follow-up's body: the kept request lines as they were first sent. */
    private record LinesBody(List<Held> items) implements BatchBody {

        List<String> customIds() {
            return items.stream().map(Held::customId).toList();
        }

        @Override
        public int itemCount() {
            return items.size();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (Held item : items) {
                out.write(item.requestLine().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }

        @Override
        public void forEachCustomId(Consumer<String> sink) {
            items.forEach(item -> sink.accept(item.customId()));
        }
    }
}
