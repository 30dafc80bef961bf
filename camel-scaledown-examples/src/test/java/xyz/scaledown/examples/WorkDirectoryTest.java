package xyz.scaledown.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void emptiesItsOwnWorkDirFromAPreviousRun() throws Exception {
        WorkDirectory.prepare(dir);
        Path old = Files.createDirectories(dir.resolve("outbox/summaries")).resolve("old.summary.json");
        Files.writeString(old, "{}");

        WorkDirectory.prepare(dir);

        assertFalse(Files.exists(old));
        assertTrue(Files.exists(dir.resolve(WorkDirectory.MARKER)));
    }

    @Test
    void refusesANonEmptyDirectoryItDidNotMake() throws Exception {
        Path precious = Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThrows(IllegalStateException.class, () -> WorkDirectory.prepare(dir));
        assertTrue(Files.exists(precious));
    }
}
