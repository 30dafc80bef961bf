package xyz.scaledown.camel.tracking;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file tracker's one-owner rule: one process (one started tracker) per directory, through an OS lock taken at
 * start; the owner sweeps what an interrupted write left, nobody else does.
 */
class FileTrackerOneOwnerTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProcessIsRefusedAtStartNamingTheDirectoryUntilTheFirstIsGone() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DirectoryOwnerProcess.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.equals(DirectoryOwnerProcess.OWNED)) {
                // log lines of the other process
            }
            assertEquals(DirectoryOwnerProcess.OWNED, line, "the other process owns the directory");
            // a write of the owner in progress: not this process's to sweep
            Path othersTemp = Files.writeString(dir.resolve("b1.batch.json.123.tmp"), "{");

            FileBatchTracker here = new FileBatchTracker(dir);
            IllegalStateException refused = assertThrows(IllegalStateException.class, here::start);
            assertEquals("trackerDirectory " + dir + " is owned by another process (or another CamelContext of this"
                         + " one): it holds " + dir.resolve(FileBatchTracker.OWNER_LOCK) + ". A directory store serves"
                         + " one process; give each its own directory, or share the work between nodes with a"
                         + " DataSource (the JDBC stores)", refused.getMessage());
            assertTrue(Files.exists(othersTemp), "another live process's temp file is left alone");

            other.destroyForcibly().waitFor();
            here.start();
            assertFalse(Files.exists(othersTemp), "the new owner sweeps the dead one's temp file");
            here.close();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void inOneProcessASecondTrackerIsRefusedAndTheDirectoryIsFreedOnClose() {
        FileBatchTracker first = new FileBatchTracker(dir);
        FileBatchTracker second = new FileBatchTracker(dir);
        first.start();
        first.track(TrackedBatch.submitted("b1", 2, "queued"), List.of("c0", "c1"), Map.of());
        assertThrows(IllegalStateException.class, second::start);

        first.close();
        second.start();
        assertEquals(List.of("b1"), second.pending().stream().map(TrackedBatch::batchId).toList());
        second.close();
    }
}
