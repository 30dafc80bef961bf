package xyz.scaledown.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a child JVM ({@link RestartChild}) with {@code destroyForcibly()} at each dangerous point, then starts a new
 * one on the same tracker directory, aggregation repository and idempotent repository: every item is delivered, and
 * at most the in-flight item twice; no batch is submitted twice, and one whose POST was cut off is reported, not
 * sent again.
 */
class RestartTest {

    private static final int ITEMS = 60;
    private static final long TIMEOUT_MILLIS = 60_000;

    @TempDir
    Path work;

    private ScaleDownSandbox sandbox;
    private final List<Process> children = new CopyOnWriteArrayList<>();
    private final List<String> childOutput = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSandbox() {
        // batches stay queued for a while, so the child is still polling when it is killed at that point
        sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(RestartChild.API_KEY)
                .queuedMillis(800).processingMillis(100).build());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor();
        }
        sandbox.close();
    }

    @Test
    void killedWhileAggregatingNoItemIsLostAndTheBatchIsSubmittedOnce() throws Exception {
        crashAtAndRestart(RestartChild.AGGREGATING);

        assertEveryItemDeliveredOnce(deliveries());
        assertEquals(1L, sandbox.requestCounts().submit(), "the items stored before the kill and the rest: one batch");
    }

    @Test
    void killedAfterThePostBeforeTheConfirmTheRecoveredBatchIsNotSubmittedAgain() throws Exception {
        crashAtAndRestart(RestartChild.AFTER_SUBMIT);

        assertEveryItemDeliveredOnce(deliveries());
        assertEquals(1L, sandbox.requestCounts().submit(), "recovery is answered from the recorded batch id");
        String submitted = childOutput.stream().filter(line -> line.startsWith("SUBMITTED ")).findFirst()
                .orElseThrow().substring("SUBMITTED ".length());
        assertTrue(deliveredLines().stream().allMatch(line -> line.isBlank() || line.startsWith(submitted + " ")),
                "every result comes from the one batch " + submitted);
    }

    @Test
    void killedDuringThePostTheBatchIsReportedAsMaybeCreatedWithItsItemsAndNotSentAgain() throws Exception {
        // the POST is still waiting for its answer when the process dies
        sandbox.faults().slowMillis(5_000);
        Process first = startChild(RestartChild.IN_POST, "first");
        awaitOutput("AT " + RestartChild.IN_POST, first);
        first.destroyForcibly().waitFor();
        long submitsBeforeRestart = sandbox.requestCounts().submit();
        sandbox.faults().slowMillis(0);

        Process second = startChild(RestartChild.IN_POST, "second");
        awaitOutputStartingWith("DEAD ", second);
        second.destroyForcibly().waitFor();

        assertTrue(childOutput.stream().anyMatch(line -> line.contains("may or may not have been created")
                && line.contains("item-0, item-1")), "the error handler saw the uncertain batch with its items named");
        String dead = childOutput.stream().filter(line -> line.startsWith("DEAD ")).findFirst().orElseThrow();
        assertTrue(dead.startsWith("DEAD " + ITEMS + " item-0,item-1,"), dead);
        assertEquals(submitsBeforeRestart, sandbox.requestCounts().submit(), "recovery never posted it again");
        assertTrue(deliveredLines().isEmpty());
    }

    @Test
    void killedWhilePollingEveryItemIsDeliveredOnceAfterTheRestart() throws Exception {
        crashAtAndRestart(RestartChild.POLLING);

        assertEveryItemDeliveredOnce(deliveries());
        assertEquals(1, sandbox.requestCounts().submit(), "the tracked batch is polled again, not resubmitted");
    }

    @Test
    void killedWhileEmittingOnlyTheInFlightItemIsDeliveredTwice() throws Exception {
        crashAtAndRestart(RestartChild.EMITTING);

        Map<String, Long> deliveries = deliveries();
        assertEquals(expectedIds(), deliveries.keySet(), "every item delivered");
        Map<String, Long> twice = deliveries.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of("item-" + ITEMS / 2, 2L), twice,
                "only the item being routed when the process died comes again; the idempotent repository stops the rest");
        assertEquals(1, sandbox.requestCounts().submit());
    }

    private void crashAtAndRestart(String point) throws Exception {
        Process first = startChild(point, "first");
        awaitOutput("AT " + point, first);
        first.destroyForcibly().waitFor();

        Process second = startChild(point, "second");
        awaitAllDelivered(second);
        second.destroyForcibly().waitFor();
    }

    private Process startChild(String point, String phase) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RestartChild.class.getName(), point, phase, sandbox.baseUrl(), work.toString(), String.valueOf(ITEMS))
                .redirectErrorStream(true).start();
        children.add(child);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    childOutput.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "child-output-" + phase);
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private void awaitOutputStartingWith(String prefix, Process child) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            if (childOutput.stream().anyMatch(line -> line.startsWith(prefix))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the child never printed '" + prefix + "...':\n" + String.join("\n", childOutput));
    }

    private void awaitOutput(String marker, Process child) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            if (childOutput.contains(marker)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the child never reached '" + marker + "':\n" + String.join("\n", childOutput));
    }

    private void awaitAllDelivered(Process child) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && child.isAlive()) {
            if (deliveries().keySet().containsAll(expectedIds()) && noBatchTracked()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("after the restart not every item was delivered (" + deliveries().size() + "/" + ITEMS
                                 + "):\n" + String.join("\n", childOutput));
    }

    /** A delivered batch keeps only its key's record file: no items file is left. */
    private boolean noBatchTracked() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("tracker"))) {
            return files.noneMatch(file -> file.getFileName().toString().endsWith(".items.jsonl"));
        }
    }

    private List<String> deliveredLines() throws IOException {
        Path log = work.resolve("delivered.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** custom id -> how many times it reached the side effect. */
    private Map<String, Long> deliveries() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String line : deliveredLines()) {
            if (!line.isBlank()) {
                counts.merge(line.substring(line.indexOf(' ') + 1), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Set<String> expectedIds() {
        return IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).collect(Collectors.toSet());
    }

    private static void assertEveryItemDeliveredOnce(Map<String, Long> deliveries) {
        assertEquals(expectedIds(), deliveries.keySet(), "every item delivered");
        assertTrue(deliveries.values().stream().allMatch(count -> count == 1), "no duplicate: " + deliveries);
    }
}
