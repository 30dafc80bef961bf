package xyz.scaledown.camel.tracking;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchSubmission;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileBatchTrackerTest extends BatchTrackerContractTest {

    @TempDir
    Path dir;

    @Override
    protected BatchTracker createTracker() {
        return started(new FileBatchTracker(dir));
    }

    @Override
    protected BatchTracker reopen(BatchTracker current) {
        ((FileBatchTracker) current).close();
        return started(new FileBatchTracker(dir));
    }

    private static FileBatchTracker started(FileBatchTracker tracker) {
        tracker.start();
        return tracker;
    }

    @Override
    protected void close(BatchTracker current) {
        ((FileBatchTracker) current).close();
    }

    private FileBatchTracker restart() throws Exception {
        return (FileBatchTracker) reopen(tracker());
    }

    @Test
    void completeRemovesEveryFileOfTheBatch() throws Exception {
        tracker().track(submitted("b1", 2), ids("c", 2), Map.of("c0", Map.of("k", "v")));
        tracker().markDelivered("b1", 0);
        tracker().complete("b1");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(FileBatchTracker.OWNER_LOCK)), files.toList(), "only the owner's lock");
        }
    }

    @Test
    void headerValuesAreStoredAsJsonValues() throws Exception {
        tracker().track(submitted("b1", 1), List.of("c1"), Map.of("c1", Map.of("amount", new BigDecimal("12.50"),
                "when", Instant.parse("2026-01-02T03:04:05Z"))));
        assertEquals(Map.of("amount", 12.5, "when", "2026-01-02T03:04:05Z"), restart().correlation("b1", "c1"));
    }

    @Test
    void leftoverTempFileIsIgnoredAndRemoved() throws Exception {
        tracker().track(submitted("b1", 5), ids("c", 5), Map.of("c1", Map.of("k", "v")));
        ((FileBatchTracker) tracker()).close();
        // a crash in the middle of rewriting the metadata leaves a partial temp file beside the intact one
        Path partial = dir.resolve("b1.batch.json.123456.tmp");
        Files.writeString(partial, "{\"batch_id\":\"b1\",\"total_co");

        FileBatchTracker restarted = restart();
        assertEquals(5, restarted.pending().get(0).totalCount());
        assertFalse(Files.exists(partial));
        assertEquals(Map.of("k", "v"), restarted.correlation("b1", "c1"));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "atomic writes leave no temp file");
        }
    }

    @Test
    void theFilesOfARecordNeverWrittenAreSweptAtStart() throws Exception {
        tracker().track(submitted("b1", 2), ids("c", 2), Map.of());
        ((FileBatchTracker) tracker()).close();
        // the process died after writing an intent's items, or an aggregator's first add, before the record file
        Files.writeString(dir.resolve("=k-1.items"), "\"c0\"\n#1\n");
        Files.writeString(dir.resolve("+ID-1.items"), "{\"custom_id\":\"a\"}\n#1\n");
        Files.write(dir.resolve("w1.delivered"), new byte[] { 1 });

        FileBatchTracker restarted = restart();

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("b1.batch.json", "b1.items", FileBatchTracker.OWNER_LOCK),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "the orphans are gone");
        }
        assertEquals(List.of("c0", "c1"), List.of(restarted.items("b1").customId(0), restarted.items("b1").customId(1)));
    }

    @Test
    void truncatedMetadataKeepsTheBatchWithTheItemsOfItsItemsFile() throws Exception {
        tracker().track(submitted("b1", 5), ids("c", 5), Map.of());
        tracker().markDelivered("b1", 2);
        ((FileBatchTracker) tracker()).close();
        Files.writeString(dir.resolve("b1.batch.json"), "{\"batch_id\":\"b1\",\"tot");

        FileBatchTracker restarted = restart();
        TrackedBatch batch = restarted.pending().get(0);
        assertEquals("b1", batch.batchId());
        assertEquals(5, batch.totalCount());
        assertTrue(restarted.items("b1").isDelivered(2));
        assertEquals(1, restarted.items("b1").deliveredCount());
    }

    @Test
    void aDamagedItemLineKeepsTheIndexesOfTheOthers() throws Exception {
        tracker().track(submitted("b1", 3), ids("c", 3), Map.of());
        ((FileBatchTracker) tracker()).close();
        Path itemsFile = dir.resolve("b1.items");
        List<String> lines = Files.readAllLines(itemsFile);
        Files.write(itemsFile, List.of(lines.get(0), "{\"custom_id\":", lines.get(2)));

        BatchItems items = restart().items("b1");
        assertEquals(3, items.size());
        assertEquals(0, items.indexOf("c0"));
        assertEquals(2, items.indexOf("c2"));
        assertEquals(-1, items.indexOf("c1"));
    }

    @Test
    void perItemDeliveryMarksAreCheap() throws Exception {
        int size = 100_000;
        tracker().track(submitted("big", size), ids("c", size), Map.of());
        long start = System.nanoTime();
        for (int i = 0; i < size; i++) {
            tracker().markDelivered("big", i);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("100,000 markDelivered calls on FileBatchTracker: " + millis + " ms");
        assertEquals(size, restart().items("big").deliveredCount());
        assertEquals(size, Files.size(dir.resolve("big.delivered")), "one byte per item");
    }

    @Test
    void damagedWatchedProgressFallsBackToTheMetadata() throws IOException, Exception {
        tracker().track(TrackedBatch.watched("w1"), List.of(), Map.of());
        tracker().recordDeliveredLines("w1", 3);
        ((FileBatchTracker) tracker()).close();
        Files.write(dir.resolve("w1.delivered"), new byte[] { 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });

        FileBatchTracker restarted = restart();
        assertEquals(0, restarted.pending().get(0).deliveredLines(), "never beyond the truth");
        restarted.recordDeliveredLines("w1", 4);
        restarted.close();
        assertEquals(4, restart().pending().get(0).deliveredLines(), "progress is recorded again after the damage");
    }

    @Test
    void aRecordLeftHalfDeliveredByACrashIsCleanedUpAtStart() throws Exception {
        tracker().submitIntents().record(SubmitIntent.before("key-1", 2), ids("c", 2));
        tracker().submitIntents().recordSubmitted("key-1", "f", new BatchSubmission("b1", "queued", 2));
        tracker().trackSubmitted("key-1", submitted("b1", 2), ids("c", 2), Map.of());
        tracker().markDelivered("b1", 0);
        ((FileBatchTracker) tracker()).close();
        // the key-only record written, the process died before the items went
        Path items = Files.list(dir).filter(f -> f.toString().endsWith(".items")).findFirst().orElseThrow();
        Path record = Path.of(items.toString().replace(".items", ".batch.json"));
        Files.writeString(record, Files.readString(record).replace("\"submitted\"", "\"delivered\""));

        FileBatchTracker restarted = restart();

        assertTrue(restarted.pending().isEmpty());
        assertEquals(BatchState.DELIVERED, restarted.find("key-1").orElseThrow().state());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(record.getFileName().toString()), files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals(FileBatchTracker.OWNER_LOCK)).toList(), "only the key is left");
        }
        restarted.close();
    }
}
