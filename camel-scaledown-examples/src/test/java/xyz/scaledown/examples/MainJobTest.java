package xyz.scaledown.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job ends by itself: exit code 0 with the report once all results are in, 1 when they are late. */
class MainJobTest {

    @TempDir
    Path workDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int run(Duration timeout) throws Exception {
        ExampleSettings settings = new ExampleSettings(workDir, timeout, Map.of());
        return new ScaleDownExamples(settings, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void returnsZeroOnceEveryInputHasItsResultAndPrintsWhereTheResultsAre() throws Exception {
        long started = System.nanoTime();
        int exitCode = run(Duration.ofSeconds(60));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        String report = printed.toString(StandardCharsets.UTF_8);
        assertEquals(ScaleDownExamples.OK, exitCode, report);
        assertTrue(seconds < 30, "the job took " + seconds + " s: it should end as soon as all 30 results are in");
        assertTrue(report.contains("every one of the 30 inputs has its answer"), report);
        assertTrue(report.contains(workDir.resolve("outbox").resolve("summaries").toString()), report);
        assertTrue(report.matches("(?s).*2 messages\\s+scaledown\\.results\\.classify.*"), report);
        assertTrue(report.matches("(?s).*\\n\\s+7\\s+summarize\\s+failed\\s+node-[ab]\\s+unprocessable.*"), report);
        Matcher byNode = Pattern
                .compile("node-a delivered (\\d+) rows?.*\\n\\s+node-b delivered (\\d+) rows?").matcher(report);
        assertTrue(byNode.find(), "the report says which node delivered what: " + report);
        assertEquals(7, Integer.parseInt(byNode.group(1)) + Integer.parseInt(byNode.group(2)), report);
    }

    @Test
    void returnsOneWithTheProgressWhenTheResultsDoNotArriveInTime() throws Exception {
        int exitCode = run(Duration.ofMillis(200));

        String printedText = printed.toString(StandardCharsets.UTF_8);
        assertEquals(ScaleDownExamples.TIMED_OUT, exitCode, printedText);
        assertTrue(printedText.contains("ScaleDown examples FAILED: not every input had its result"), printedText);
        // how far each pipeline got depends on how long the start took (on a loaded machine the files may be done)
        assertTrue(printedText.matches("(?s).*files \\d+/16, queue \\d+/7, database \\d+/7 delivered.*"), printedText);
    }
}
