package xyz.scaledown.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.SandboxFaults;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a child JVM ({@link FollowUpRestartChild}) with {@code destroyForcibly()} while its results consumer hands
 * the unanswered halves of three expired batches to follow-up batches, each stopped at another point: before the
 * follow-up's POST, during it, and after it before the follow-up was tracked. A second child on the same store (the
 * tracker directory, or the PostgreSQL tracker) then delivers every item exactly once, with the attempt that answered
 * it, and posts no follow-up twice.
 */
class FollowUpRestartTest {

    private static final int ITEMS = 10;
    /** A limit for a machine under load, not an expectation. */
    private static final long TIMEOUT_MILLIS = 120_000;
    private static final List<String> POINTS = List.of(FollowUpRestartChild.BEFORE_POST, FollowUpRestartChild.IN_POST,
            FollowUpRestartChild.AFTER_POST);

    @TempDir
    Path work;

    private ScaleDownSandbox sandbox;
    private final ChildJvms jvms = new ChildJvms();
    private final List<String> childOutput = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSandbox() {
        // the first submission of each batch expires with its first half answered; the follow-ups complete
        sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(FollowUpRestartChild.API_KEY)
                .queuedMillis(20).processingMillis(40)
                .faults(new SandboxFaults().expireBatchesMatching("-post-").firstSubmissionsOnly(true)).build());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        // the children's lines, with their log's timestamps, in the test's report
        childOutput.forEach(System.out::println);
        jvms.close();
        sandbox.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "directory", "postgres" })
    void killedWhileHandingItemsToFollowUpsNothingIsLostAndNoFollowUpIsPostedTwice(String store) throws Exception {
        String where = store.equals("directory") ? work.resolve("tracker").toString()
                : TestDatabases.newPostgresDatabaseUrl();
        Process first = startChild("first", store, where);
        awaitOutput("AT " + FollowUpRestartChild.BEFORE_POST, first);
        awaitOutput("AT " + FollowUpRestartChild.AFTER_POST, first);
        awaitOutput("POSTING", first);
        sandbox.faults().slowMillis(5_000);
        try (OutputStream stdin = first.getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        awaitOutput("AT " + FollowUpRestartChild.IN_POST, first);
        first.destroyForcibly().waitFor();
        sandbox.faults().slowMillis(0);
        assertEquals(3 * ITEMS / 2, deliveries().size(), "the answered halves were routed before the kill");
        assertEquals(5, sandbox.requestCounts().submit(), "3 batches, the follow-up posted before the kill, and the"
                + " follow-up whose POST the kill cut off");
        String followUpPostedBeforeTheKill = childOutput.stream().filter(line -> line.startsWith("SUBMITTED "))
                .findFirst().orElseThrow().substring("SUBMITTED ".length());

        restart(store, where);

        Map<String, Delivery> deliveries = deliveries();
        assertEquals(expectedIds(), deliveries.keySet(), "every item, each once (checked while reading)");
        assertEquals(6, sandbox.requestCounts().submit(), "only the follow-up not posted before the kill is posted");
        for (String point : POINTS) {
            for (int i = 0; i < ITEMS; i++) {
                Delivery delivery = deliveries.get(point + "-" + i);
                if (i < ITEMS / 2) {
                    assertAnswered(delivery, 1);
                } else if (point.equals(FollowUpRestartChild.IN_POST)) {
                    // its follow-up may or may not exist: reported, not posted again
                    assertEquals(ScaleDownErrorCodes.BATCH_EXPIRED, delivery.errorCode(), delivery.toString());
                    assertEquals(1, delivery.attempt(), delivery.toString());
                } else {
                    assertAnswered(delivery, 2);
                }
            }
        }
        assertTrue(deliveries.values().stream().filter(d -> d.customId().startsWith(FollowUpRestartChild.AFTER_POST)
                && d.attempt() == 2).allMatch(d -> d.batchId().equals(followUpPostedBeforeTheKill)),
                "answered by the follow-up posted before the kill, " + followUpPostedBeforeTheKill);
        for (String point : POINTS) {
            // Camel's batch properties count each submission's 10 exchanges across the kill and its follow-up
            List<Delivery> inOrder = deliveredInOrder().stream().filter(d -> d.customId().startsWith(point + "-"))
                    .toList();
            assertEquals(IntStream.range(0, ITEMS).boxed().toList(), inOrder.stream().map(Delivery::batchIndex)
                    .toList(), point + ": " + inOrder);
            assertTrue(inOrder.stream().allMatch(d -> d.batchSize() == ITEMS), point + ": " + inOrder);
            assertEquals(List.of(inOrder.get(ITEMS - 1)), inOrder.stream().filter(Delivery::batchComplete).toList(),
                    point + ": CamelBatchComplete on the submission's last exchange only");
        }
        assertTrue(childOutput.stream().anyMatch(line -> line.contains("may or may not have created")),
                "the second process says why:\n" + String.join("\n", childOutput));
    }

    private static void assertAnswered(Delivery delivery, int attempt) {
        assertEquals(null, delivery.errorCode(), delivery.toString());
        assertEquals(attempt, delivery.attempt(), delivery.toString());
    }

    /** A second process on the same store, until every item is delivered and no batch is left in the store. */
    private void restart(String store, String where) throws Exception {
        Process second = startChild("second", store, where);
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        int allDeliveredAt = -1;
        while (System.currentTimeMillis() < deadline && second.isAlive()) {
            if (allDeliveredAt < 0 && deliveredLines().size() >= 3 * ITEMS) {
                allDeliveredAt = childOutput.size();
            }
            // a copy: the child's output thread appends meanwhile, which would invalidate a view of the live list
            List<String> output = List.copyOf(childOutput);
            if (allDeliveredAt >= 0 && output.subList(allDeliveredAt, output.size()).contains("PENDING 0")) {
                second.destroyForcibly().waitFor();
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("after the restart not every item was delivered (" + deliveredLines().size() + "/"
                                 + 3 * ITEMS + "):\n" + String.join("\n", childOutput));
    }

    private Process startChild(String phase, String store, String where) throws IOException {
        return jvms.start(FollowUpRestartChild.class, childOutput::add, phase, sandbox.baseUrl(), store, where,
                work.toString(), String.valueOf(ITEMS));
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

    private record Delivery(String customId, int attempt, String batchId, String errorCode, int batchIndex,
                            int batchSize, boolean batchComplete) {
    }

    private List<String> deliveredLines() throws IOException {
        Path log = work.resolve("delivered.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList()
                : List.of();
    }

    /** custom_id to its delivery; fails when an item was delivered twice. */
    private Map<String, Delivery> deliveries() throws IOException {
        return deliveredInOrder().stream().collect(Collectors.toMap(Delivery::customId, Function.identity(),
                (a, b) -> {
                    throw new AssertionError("delivered twice: " + a + " and " + b);
                }));
    }

    private List<Delivery> deliveredInOrder() throws IOException {
        List<Delivery> all = new ArrayList<>();
        for (String line : deliveredLines()) {
            String[] fields = line.split(" ");
            all.add(new Delivery(fields[0], Integer.parseInt(fields[1]), fields[2],
                    fields[3].equals("null") ? null : fields[3], Integer.parseInt(fields[4]),
                    Integer.parseInt(fields[5]), Boolean.parseBoolean(fields[6])));
        }
        return all;
    }

    private static Set<String> expectedIds() {
        return POINTS.stream().flatMap(point -> IntStream.range(0, ITEMS).mapToObj(i -> point + "-" + i))
                .collect(Collectors.toSet());
    }
}
