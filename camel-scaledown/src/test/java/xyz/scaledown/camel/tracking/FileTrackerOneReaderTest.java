package xyz.scaledown.camel.tracking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file tracker's one-process rule: one results reader per directory (an OS lock), any number of submitters whose
 * batches the reader picks up at its next poll.
 */
class FileTrackerOneReaderTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProcessReadingResultsIsRefusedUntilTheFirstIsGone() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ResultsLockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.equals(ResultsLockHolder.LOCKED)) {
                // log lines of the other process
            }
            assertEquals(ResultsLockHolder.LOCKED, line, "the other process took the lock");

            FileBatchTracker here = new FileBatchTracker(dir);
            IllegalStateException refused = assertThrows(IllegalStateException.class, here::openForResults);
            assertEquals("Another process already reads results from the tracker directory " + dir + " (it holds "
                         + dir.resolve(FileBatchTracker.RESULTS_LOCK) + "): the file tracker serves one results"
                         + " consumer per directory. Give each process its own trackerDirectory, or share the work"
                         + " between nodes with trackerDataSource (the JDBC tracker)", refused.getMessage());

            other.destroyForcibly().waitFor();
            here.openForResults();
            here.close();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void inOneProcessASecondReaderIsRefusedAndTheLockIsFreedOnClose() {
        FileBatchTracker first = new FileBatchTracker(dir);
        FileBatchTracker second = new FileBatchTracker(dir);
        first.openForResults();
        assertThrows(IllegalStateException.class, second::openForResults);

        first.closeForResults();
        second.openForResults();
        second.close();
        first.close();
    }

    @Test
    void aBatchSubmittedByAnotherProcessShowsUpAtTheNextPoll() {
        FileBatchTracker reader = new FileBatchTracker(dir);
        reader.openForResults();
        assertTrue(reader.pending().isEmpty());

        // a submit-only process on the same directory
        FileBatchTracker submitter = new FileBatchTracker(dir);
        submitter.track(TrackedBatch.submitted("b1", 2, "queued"), List.of("c0", "c1"),
                Map.of("c1", Map.of("ticket", "T-1")));

        assertEquals(List.of("b1"), reader.pending().stream().map(TrackedBatch::batchId).toList());
        assertEquals("c1", reader.items("b1").customId(1));
        assertEquals(Map.of("ticket", "T-1"), reader.correlation("b1", "c1"));
        reader.markDelivered("b1", 0);
        reader.markDelivered("b1", 1);
        reader.complete("b1");
        assertTrue(reader.pending().isEmpty(), "a batch this process completed is not picked up again");
        reader.close();
        submitter.close();
    }
}
