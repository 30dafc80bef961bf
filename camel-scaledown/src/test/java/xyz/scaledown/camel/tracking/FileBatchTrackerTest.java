package xyz.scaledown.camel.tracking;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileBatchTrackerTest {

    @TempDir
    Path dir;

    private FileBatchTracker tracker;

    @AfterEach
    void closeTracker() {
        if (tracker != null) {
            tracker.close();
        }
    }

    private FileBatchTracker open() {
        if (tracker != null) {
            tracker.close();
        }
        tracker = new FileBatchTracker(dir);
        return tracker;
    }

    private static TrackedBatch batch(String id, int total) {
        return new TrackedBatch(id, total, Instant.now().truncatedTo(ChronoUnit.MILLIS), 0, null);
    }

    @Test
    void trackPendingComplete() {
        open().track(batch("b1", 3), Map.of());
        tracker.track(batch("b2", 1), Map.of());
        assertEquals(Set.of("b1", "b2"), ids(tracker.pending()));

        tracker.complete("b1");
        assertEquals(Set.of("b2"), ids(tracker.pending()));
        assertEquals(Set.of("b2"), ids(open().pending()), "a completed batch stays gone after a restart");
        assertFalse(Files.exists(dir.resolve("b1.batch.json")));
    }

    @Test
    void everythingSurvivesARestart() {
        TrackedBatch submitted = batch("b1", 100);
        open().track(submitted, Map.of("c1", Map.of("ticket", "T-1", "attempt", 2, "urgent", true,
                "amount", new BigDecimal("12.50"), "when", Instant.parse("2026-01-02T03:04:05Z"))));
        tracker.markStatus("b1", "processing");
        for (int i = 1; i <= 42; i++) {
            tracker.recordProgress("b1", i);
        }

        FileBatchTracker restarted = open();
        TrackedBatch restored = restarted.pending().get(0);
        assertEquals(new TrackedBatch("b1", 100, submitted.submittedAt(), 42, "processing"), restored);

        restarted.openCorrelations("b1");
        assertEquals(Map.of("ticket", "T-1", "attempt", 2, "urgent", true, "amount", new BigDecimal("12.5").doubleValue(),
                "when", "2026-01-02T03:04:05Z"), restarted.correlation("b1", "c1"));
        assertEquals(Map.of(), restarted.correlation("b1", "c2"));
        restarted.closeCorrelations("b1");
        assertEquals("T-1", restarted.correlation("b1", "c1").get("ticket"), "readable without opening, by a scan");
    }

    @Test
    void progressNeverGoesBack() {
        open().track(batch("b1", 10), Map.of());
        tracker.recordProgress("b1", 7);
        tracker.recordProgress("b1", 4);
        assertEquals(7, open().pending().get(0).deliveredItems());
    }

    @Test
    void leftoverTempFileIsIgnoredAndRemoved() throws IOException {
        open().track(batch("b1", 5), Map.of("c1", Map.of("k", "v")));
        tracker.close();
        // a crash in the middle of rewriting the metadata leaves a partial temp file beside the intact one
        Path partial = dir.resolve("b1.batch.json.123456.tmp");
        Files.writeString(partial, "{\"batch_id\":\"b1\",\"total_co");

        FileBatchTracker restarted = open();
        assertEquals(5, restarted.pending().get(0).totalCount());
        assertFalse(Files.exists(partial));
        assertEquals(Map.of("k", "v"), restarted.correlation("b1", "c1"));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "atomic writes leave no temp file");
        }
    }

    @Test
    void corruptProgressKeepsTheBatch() throws IOException {
        open().track(batch("b1", 5), Map.of());
        tracker.recordProgress("b1", 3);
        tracker.close();
        Files.write(dir.resolve("b1.progress"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });

        FileBatchTracker restarted = open();
        TrackedBatch batch = restarted.pending().get(0);
        assertEquals("b1", batch.batchId());
        assertEquals(0, batch.deliveredItems(), "falls back to the last metadata snapshot, never beyond the truth");
        restarted.recordProgress("b1", 4);
        assertEquals(4, open().pending().get(0).deliveredItems(), "progress is recorded again after the damage");
    }

    @Test
    void truncatedMetadataKeepsTheBatch() throws IOException {
        open().track(batch("b1", 5), Map.of());
        tracker.recordProgress("b1", 2);
        tracker.close();
        Files.writeString(dir.resolve("b1.batch.json"), "{\"batch_id\":\"b1\",\"tot");

        TrackedBatch batch = open().pending().get(0);
        assertEquals("b1", batch.batchId());
        assertEquals(TrackedBatch.UNKNOWN_COUNT, batch.totalCount());
        assertEquals(2, batch.deliveredItems());
    }

    @Test
    void idsThatAreNotFileNamesRoundTrip() {
        String id = "batch/../with spaces:and*stars";
        open().track(batch(id, 1), Map.of("x", Map.of("h", 1)));
        tracker.recordProgress(id, 1);
        FileBatchTracker restarted = open();
        assertEquals(Set.of(id), ids(restarted.pending()));
        assertEquals(Map.of("h", 1), restarted.correlation(id, "x"));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.allMatch(p -> p.getParent().equals(dir)), "no file escapes the directory");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoThreadsTrackingAndProgressing() throws Exception {
        FileBatchTracker shared = open();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = Stream.of("t1", "t2").map(prefix -> pool.submit(() -> {
                start.await();
                for (int i = 0; i < 50; i++) {
                    String id = prefix + "-" + i;
                    shared.track(batch(id, 10), Map.of("c", Map.of("thread", prefix)));
                    for (int n = 1; n <= 10; n++) {
                        shared.recordProgress(id, n);
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
        List<TrackedBatch> pending = open().pending();
        assertEquals(50, pending.size());
        assertTrue(pending.stream().allMatch(b -> b.deliveredItems() == 10));
        assertEquals("t2", tracker.correlation("t2-1", "c").get("thread"));
    }

    @Test
    void perItemProgressIsCheap() {
        open().track(batch("big", 100_000), Map.of());
        long start = System.nanoTime();
        for (int i = 1; i <= 100_000; i++) {
            tracker.recordProgress("big", i);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("100,000 recordProgress calls on FileBatchTracker: " + millis + " ms");
        assertEquals(100_000, open().pending().get(0).deliveredItems());
        assertTrue(millis < 10_000, "100,000 progress updates took " + millis + " ms");
    }

    private static Set<String> ids(List<TrackedBatch> batches) {
        return batches.stream().map(TrackedBatch::batchId).collect(Collectors.toSet());
    }

}
