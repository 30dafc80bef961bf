package xyz.scaledown.camel.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchSubmission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link BatchTracker} must do. An implementation's test extends this class and supplies a fresh, empty
 * store; a persistent store also says how to reopen it, and then every check is repeated after a restart.
 */
public abstract class BatchTrackerContractTest {

    private BatchTracker tracker;

    /** A new tracker over an empty store. */
    protected abstract BatchTracker createTracker() throws Exception;

    /**
     * A new tracker over the same store as {@code current} (a restart), after closing {@code current}; null when the
     * store does not survive a restart (then the restart checks are skipped).
     */
    protected BatchTracker reopen(BatchTracker current) throws Exception {
        return null;
    }

    /** Releases the tracker at the end of a test. */
    protected void close(BatchTracker current) throws Exception {
    }

    protected final BatchTracker tracker() throws Exception {
        if (tracker == null) {
            tracker = createTracker();
        }
        return tracker;
    }

    /** The tracker after a restart, or the same tracker when the store does not survive one. */
    private BatchTracker restarted() throws Exception {
        BatchTracker reopened = reopen(tracker());
        if (reopened != null) {
            tracker = reopened;
        }
        return tracker;
    }

    @AfterEach
    void closeTracker() throws Exception {
        if (tracker != null) {
            close(tracker);
        }
    }

    protected static TrackedBatch submitted(String batchId, int items) {
        return new TrackedBatch(batchId, items, Instant.now().truncatedTo(ChronoUnit.MILLIS), "queued", 0, null, 0);
    }

    protected static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static Set<String> batchIds(List<TrackedBatch> batches) {
        return batches.stream().map(TrackedBatch::batchId).collect(Collectors.toSet());
    }

    @Test
    void aTrackedBatchIsPendingWithItsFieldsUntilCompleted() throws Exception {
        TrackedBatch b1 = submitted("b1", 3);
        tracker().track(b1, ids("c", 3), Map.of());
        tracker().track(submitted("b2", 1), List.of("x"), Map.of());
        assertEquals(Set.of("b1", "b2"), batchIds(tracker().pending()));

        TrackedBatch restored = restarted().pending().stream().filter(b -> b.batchId().equals("b1")).findFirst()
                .orElseThrow();
        assertEquals(b1, restored);

        tracker().complete("b1");
        assertEquals(Set.of("b2"), batchIds(restarted().pending()), "a completed batch stays gone");
        assertTrue(tracker().items("b1").isEmpty(), "a completed batch has no items left");
    }

    @Test
    void pendingIsOldestFirst() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tracker().track(new TrackedBatch("late", 1, now.plusSeconds(5), null, 0, null, 0), List.of("a"), Map.of());
        tracker().track(new TrackedBatch("early", 1, now, null, 0, null, 0), List.of("a"), Map.of());
        assertEquals(List.of("early", "late"), restarted().pending().stream().map(TrackedBatch::batchId).toList());
    }

    @Test
    void itemsComeBackInSubmissionOrderAllUndelivered() throws Exception {
        List<String> customIds = List.of("zeta", "alpha", "mid", "beta");
        tracker().track(submitted("b1", 4), customIds, Map.of());
        BatchItems items = restarted().items("b1");
        assertEquals(4, items.size());
        assertEquals(customIds, IntStream.range(0, 4).mapToObj(items::customId).toList());
        assertEquals(0, items.deliveredCount());
        assertEquals(1, items.indexOf("alpha"));
        assertEquals(-1, items.indexOf("unknown"));
    }

    @Test
    void deliveryMarksAreKeptPerItemAndSurviveARestart() throws Exception {
        tracker().track(submitted("b1", 5), ids("c", 5), Map.of());
        tracker().markDelivered("b1", 3);
        tracker().markDelivered("b1", 0);
        tracker().markDelivered("b1", 3);

        BatchItems items = restarted().items("b1");
        assertEquals(2, items.deliveredCount());
        assertTrue(items.isDelivered(0));
        assertFalse(items.isDelivered(1));
        assertTrue(items.isDelivered(3));
        assertEquals(1, items.nextUndelivered(0));
        assertEquals(4, items.nextUndelivered(4));

        tracker().markDelivered("b1", 4);
        assertTrue(restarted().items("b1").isDelivered(4), "marks recorded after a restart are kept too");
    }

    @Test
    void itemsAreASnapshotNotALiveView() throws Exception {
        tracker().track(submitted("b1", 2), ids("c", 2), Map.of());
        BatchItems before = tracker().items("b1");
        tracker().markDelivered("b1", 1);
        assertFalse(before.isDelivered(1));
        assertTrue(tracker().items("b1").isDelivered(1));
    }

    @Test
    void markingAnItemOutsideTheBatchIsRefused() throws Exception {
        tracker().track(submitted("b1", 2), ids("c", 2), Map.of());
        assertThrows(IndexOutOfBoundsException.class, () -> tracker().markDelivered("b1", 2));
        assertThrows(IndexOutOfBoundsException.class, () -> tracker().markDelivered("b1", -1));
        assertEquals(0, tracker().items("b1").deliveredCount());
    }

    @Test
    void deliveryMarksOfOneBatchDoNotTouchAnother() throws Exception {
        tracker().track(submitted("b1", 3), ids("c", 3), Map.of());
        tracker().track(submitted("b2", 3), ids("c", 3), Map.of());
        tracker().markDelivered("b1", 1);
        assertEquals(0, restarted().items("b2").deliveredCount());
        assertEquals(1, tracker().items("b1").deliveredCount());
    }

    @Test
    void aBatchWatchedByIdHasNoItemsAndCountsDeliveredLines() throws Exception {
        TrackedBatch watched = TrackedBatch.watched("w1");
        tracker().track(watched, List.of(), Map.of());
        assertTrue(tracker().items("w1").isEmpty());
        tracker().recordDeliveredLines("w1", 7);
        tracker().recordDeliveredLines("w1", 4);
        TrackedBatch restored = restarted().pending().get(0);
        assertFalse(restored.hasSubmittedItems());
        assertEquals(7, restored.deliveredLines(), "a lower count is ignored");
    }

    @Test
    void statusAndPollFailuresAreKept() throws Exception {
        tracker().track(submitted("b1", 1), List.of("c"), Map.of());
        Instant nextPoll = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        tracker().markStatus("b1", "in_progress");
        tracker().recordPollFailures("b1", 3, nextPoll);
        TrackedBatch restored = restarted().pending().get(0);
        assertEquals("in_progress", restored.lastStatus());
        assertEquals(3, restored.pollFailures());
        // the JDBC tracker keeps it on the database's clock: the same time, give or take the conversion
        assertTrue(Duration.between(nextPoll, restored.nextPollAt()).abs().toMillis() < 1000,
                nextPoll + " vs " + restored.nextPollAt());

        tracker().recordPollFailures("b1", 0, null);
        restored = restarted().pending().get(0);
        assertEquals(0, restored.pollFailures());
        assertNull(restored.nextPollAt());
        assertEquals("in_progress", restored.lastStatus(), "clearing the failures keeps the status");
    }

    @Test
    void correlationsComeBackPerItem() throws Exception {
        tracker().track(submitted("b1", 3), ids("c", 3), Map.of(
                "c0", Map.of("ticket", "T-1", "attempt", 2, "urgent", true),
                "c2", Map.of("ticket", "T-3")));
        BatchTracker store = restarted();
        assertEquals(Map.of("ticket", "T-1", "attempt", 2, "urgent", true), store.correlation("b1", "c0"));
        assertEquals(Map.of(), store.correlation("b1", "c1"));
        store.openCorrelations("b1");
        assertEquals(Map.of("ticket", "T-3"), store.correlation("b1", "c2"));
        store.closeCorrelations("b1");
        assertEquals(Map.of("ticket", "T-3"), store.correlation("b1", "c2"));
        assertEquals(Map.of(), store.correlation("other", "c2"));
    }

    @Test
    void trackingTheSameBatchTwiceIsRefusedAndKeepsTheFirst() throws Exception {
        tracker().track(submitted("b1", 1), List.of("first"), Map.of());
        assertThrows(IllegalStateException.class, () -> tracker().track(submitted("b1", 1), List.of("second"),
                Map.of()));
        assertEquals("first", tracker().items("b1").customId(0));
    }

    @Test
    void customIdsThatDoNotMatchTheBatchAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> tracker().track(submitted("b1", 3), ids("c", 2),
                Map.of()));
        assertThrows(IllegalArgumentException.class, () -> tracker().track(submitted("b2", 2), List.of("a", "a"),
                Map.of()));
        assertTrue(tracker().pending().isEmpty(), "a refused batch is not tracked");
    }

    @Test
    void callsAboutAnUntrackedBatchAreIgnored() throws Exception {
        tracker().markDelivered("nope", 0);
        tracker().markStatus("nope", "completed");
        tracker().recordPollFailures("nope", 1, null);
        tracker().recordDeliveredLines("nope", 1);
        tracker().complete("nope");
        assertTrue(tracker().pending().isEmpty());
        assertTrue(tracker().items("nope").isEmpty());
    }

    @Test
    void idsThatAreNotPlainNamesRoundTrip() throws Exception {
        String batchId = "batch/../with spaces:and*stars";
        List<String> customIds = List.of("a/b", "c d", "\u00e9\u00e8", "quote\"and\\backslash");
        tracker().track(submitted(batchId, 4), customIds, Map.of("c d", Map.of("h", 1)));
        tracker().markDelivered(batchId, 2);
        BatchTracker store = restarted();
        assertEquals(Set.of(batchId), batchIds(store.pending()));
        BatchItems items = store.items(batchId);
        assertEquals(customIds, IntStream.range(0, 4).mapToObj(items::customId).toList());
        assertTrue(items.isDelivered(2));
        assertEquals(Map.of("h", 1), store.correlation(batchId, "c d"));
    }

    @Test
    void twoThreadsTrackingDeliveringAndCompleting() throws Exception {
        BatchTracker shared = tracker();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = Stream.of("t1", "t2").map(prefix -> pool.submit(() -> {
                start.await();
                for (int i = 0; i < 30; i++) {
                    String id = prefix + "-" + i;
                    shared.track(submitted(id, 10), ids("c", 10), Map.of("c0", Map.of("thread", prefix)));
                    for (int n = 0; n < 10; n++) {
                        shared.markDelivered(id, n);
                    }
                    if (i % 2 == 0) {
                        shared.complete(id);
                    }
                }
                return null;
            })).collect(Collectors.toList());
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        BatchTracker store = restarted();
        assertEquals(30, store.pending().size());
        for (TrackedBatch batch : store.pending()) {
            assertEquals(10, store.items(batch.batchId()).deliveredCount(), batch.batchId());
        }
        assertEquals("t2", store.correlation("t2-1", "c0").get("thread"));
    }

    // ------------------------------------------------------------------ submit intents

    @Test
    void anIntentIsKeptWithItsCustomIdsUntilForgotten() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tracker().submitIntents().record(new SubmitIntent("ex-1", "f1", 3, at, null, BatchState.POSTING), ids("c", 3));

        SubmitIntent intent = restarted().submitIntents().find("ex-1").orElseThrow();
        assertEquals("f1", intent.fingerprint());
        assertEquals(3, intent.itemCount());
        assertEquals(at, intent.recordedAt());
        assertFalse(intent.submitted(), "no answer yet: the batch may or may not exist");
        assertEquals(List.of("c0", "c1", "c2"), tracker().submitIntents().customIds("ex-1"));
        assertTrue(tracker().pending().isEmpty(), "an intent is not a tracked batch");

        tracker().submitIntents().forget("ex-1");
        assertTrue(restarted().submitIntents().find("ex-1").isEmpty());
        assertEquals(List.of(), tracker().submitIntents().customIds("ex-1"));
    }

    @Test
    void anIntentRecordsTheBatchIdTheApiGave() throws Exception {
        tracker().submitIntents().record(SubmitIntent.before("ex-2", 2), ids("d", 2));
        assertNull(restarted().submitIntents().find("ex-2").orElseThrow().fingerprint(),
                "the fingerprint is taken as the POST writes the lines");

        tracker().submitIntents().recordSubmitted("ex-2", "f2", new BatchSubmission("b-2", "queued", 2));

        SubmitIntent intent = restarted().submitIntents().find("ex-2").orElseThrow();
        assertTrue(intent.submitted());
        assertEquals("f2", intent.fingerprint());
        assertEquals(new BatchSubmission("b-2", "queued", 2), intent.submission());
        assertEquals(BatchState.ANSWERED, intent.state());
        assertFalse(intent.tracked());
        assertTrue(tracker().pending().isEmpty(), "answered is not tracked yet");

        tracker().submitIntents().recordTracked("ex-2");
        assertEquals(BatchState.DELIVERED, restarted().submitIntents().find("ex-2").orElseThrow().state(),
                "not tracked: only the key is kept");
        assertEquals(List.of(), tracker().submitIntents().customIds("ex-2"));
    }

    @Test
    void theIntentsRecordIsTrackedInPlaceAndKeepsOnlyItsKeyOnceDelivered() throws Exception {
        tracker().submitIntents().record(SubmitIntent.before("ex-4", 2), ids("g", 2));
        tracker().submitIntents().recordSubmitted("ex-4", "f4", new BatchSubmission("b-4", "queued", 2));

        tracker().trackSubmitted("ex-4", submitted("b-4", 2), ids("g", 2), Map.of("g1", Map.of("file", "in.txt")));
        tracker().trackSubmitted("ex-4", submitted("b-4", 2), ids("g", 2), Map.of());

        BatchTracker store = restarted();
        assertEquals(List.of("b-4"), store.pending().stream().map(b -> b.batchId()).toList(), "tracked once");
        assertEquals("g1", store.items("b-4").customId(1));
        assertEquals(2, store.items("b-4").size());
        assertEquals("in.txt", store.correlation("b-4", "g1").get("file"));
        SubmitIntent intent = store.submitIntents().find("ex-4").orElseThrow();
        assertEquals(BatchState.SUBMITTED, intent.state());
        assertEquals("b-4", intent.submission().batchId());
        assertEquals("f4", intent.fingerprint());

        store.submitIntents().purge(Instant.now().plusSeconds(60));
        assertEquals(1, restarted().pending().size(), "a tracked batch outlives the key retention");

        tracker().complete("b-4");

        store = restarted();
        assertTrue(store.pending().isEmpty());
        assertEquals(BatchState.DELIVERED, store.submitIntents().find("ex-4").orElseThrow().state());
        assertEquals("b-4", store.submitIntents().find("ex-4").orElseThrow().submission().batchId(),
                "a submit coming back is answered from the key");
        assertEquals(List.of(), store.submitIntents().customIds("ex-4"), "the items went");
        store.submitIntents().purge(Instant.now().plusSeconds(60));
        assertTrue(restarted().submitIntents().find("ex-4").isEmpty(), "past the retention, nothing is left");
    }

    @Test
    void theRequestLinesKeptWithTheIntentStayWithTheTrackedItems() throws Exception {
        tracker().submitIntents().record(SubmitIntent.before("ex-6", 2), ids("r", 2),
                List.of("{\"custom_id\":\"r0\"}", "{\"custom_id\":\"r1\",\"text\":\"é\"}"));
        tracker().submitIntents().recordSubmitted("ex-6", null, new BatchSubmission("b-6", "queued", 2));
        tracker().trackSubmitted("ex-6", submitted("b-6", 2), ids("r", 2), Map.of("r1", Map.of("file", "a.txt")));
        tracker().submitIntents().record(SubmitIntent.before("ex-7", 1), List.of("s0"));
        tracker().trackSubmitted("ex-7", submitted("b-7", 1), List.of("s0"), Map.of());

        BatchTracker store = restarted();
        assertEquals("{\"custom_id\":\"r1\",\"text\":\"é\"}", store.requestLine("b-6", 1));
        store.openCorrelations("b-6");
        assertEquals("{\"custom_id\":\"r0\"}", store.requestLine("b-6", 0));
        assertEquals("a.txt", store.correlation("b-6", "r1").get("file"));
        assertFalse(store.correlation("b-6", "r1").containsKey("scaledown.requestLine"), "not a second copy");
        store.closeCorrelations("b-6");
        assertNull(store.requestLine("b-7", 0), "not kept");

        store.complete("b-6");
        assertNull(restarted().requestLine("b-6", 0), "gone with the items");
    }

    @Test
    void aBatchTrackedUnderAKeyWithoutAnIntentIsRecordedUnderIt() throws Exception {
        tracker().trackSubmitted("ex-5", submitted("b-5", 1), List.of("h"), Map.of());

        BatchTracker store = restarted();
        assertEquals(1, store.pending().size());
        assertEquals(BatchState.SUBMITTED, store.submitIntents().find("ex-5").orElseThrow().state());
        store.trackSubmitted("ex-5", submitted("b-5", 1), List.of("h"), Map.of());
        assertEquals(1, restarted().pending().size());
    }

    @Test
    void purgeForgetsTheKeysLastWrittenBeforeTheCutoff() throws Exception {
        tracker().submitIntents().record(SubmitIntent.before("old", 1), List.of("o"));
        tracker().submitIntents().recordSubmitted("old", "f", new BatchSubmission("b-old", "queued", 1));
        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        tracker().submitIntents().record(SubmitIntent.before("new", 1), List.of("n"));

        tracker().submitIntents().purge(cutoff);

        assertTrue(restarted().submitIntents().find("old").isEmpty(), "past the retention");
        assertTrue(restarted().submitIntents().find("new").isPresent(), "within it");
    }

    @Test
    void aNewIntentUnderTheSameKeyReplacesTheOldOne() throws Exception {
        tracker().submitIntents().record(SubmitIntent.before("ex-3", 2), ids("e", 2));
        tracker().submitIntents().recordSubmitted("ex-3", "old", new BatchSubmission("b-3", "queued", 2));

        tracker().submitIntents().record(SubmitIntent.before("ex-3", 1), List.of("x"));

        SubmitIntent intent = restarted().submitIntents().find("ex-3").orElseThrow();
        assertNull(intent.fingerprint());
        assertEquals(1, intent.itemCount());
        assertFalse(intent.submitted());
        assertEquals(List.of("x"), tracker().submitIntents().customIds("ex-3"));
    }

    @Test
    void claimDueTakesTheDueBatchesUpToTheLimitAndLeavesTheOthers() throws Exception {
        for (int i = 0; i < 4; i++) {
            tracker().track(submitted("due-" + i, 1), List.of("c"), Map.of());
        }
        tracker().track(submitted("later", 1), List.of("c"), Map.of());
        tracker().recordPollFailures("later", 0, Instant.now().plusSeconds(600));

        List<ClaimedBatch> claimed = tracker().claimDue(3, id -> false);

        assertEquals(3, claimed.size());
        assertTrue(claimed.stream().allMatch(c -> c.batch().batchId().startsWith("due-")), claimed.toString());
        claimed.forEach(c -> c.lease().close());
        List<String> all = tracker().claimDue(10, id -> false).stream().map(c -> c.batch().batchId()).sorted()
                .toList();
        assertEquals(List.of("due-0", "due-1", "due-2", "due-3"), all);
    }

    @Test
    void theSummaryCountsEveryBatchAndItsPendingItems() throws Exception {
        assertEquals(0, tracker().summary().batches());
        tracker().track(submitted("s1", 3), List.of("a", "b", "c"), Map.of());
        tracker().track(submitted("s2", 2), List.of("d", "e"), Map.of());
        tracker().markDelivered("s1", 0);

        TrackerSummary summary = tracker().summary();

        assertEquals(2, summary.batches());
        assertEquals(5, summary.submittedItems());
        assertEquals(1, summary.deliveredItems());
        assertEquals(4, summary.pendingItems());
        assertEquals(tracker().pending().get(0).submittedAt().toEpochMilli(),
                summary.oldestSubmittedAt().toEpochMilli(), 1.0);
        assertEquals(List.of("s1"), tracker().pendingPage(1).stream().map(TrackedBatch::batchId).toList());
    }
}
