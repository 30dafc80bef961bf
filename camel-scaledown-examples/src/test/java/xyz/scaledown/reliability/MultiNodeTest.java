package xyz.scaledown.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node JVMs ({@link MultiNodeChild}) share one PostgreSQL tracker started by the build; a submitter in this JVM
 * sends 20,000 items in 8 batches to the sandbox. One node is killed with {@code destroyForcibly()} while it emits
 * a batch: its lease runs out and another node resumes the batch from the per-item delivery flags.
 * <p>
 * A second run starts two aggregating nodes ({@link AggregatingNodeChild}: durable batching in the same PostgreSQL,
 * under one correlation key) and kills one half way through a batch: once its lease ran out, the other node completes
 * and submits that batch, and a results node delivers everything, each item posted once.
 */
class MultiNodeTest {

    private static final int BATCHES = 8;
    private static final int ITEMS_PER_BATCH = 2_500;
    private static final int ITEMS = BATCHES * ITEMS_PER_BATCH;
    /** Every this many items fails at the API, so error items are part of the accounting. */
    private static final int FAIL_EVERY = 997;
    /** The victim is the first node past this many routed items: it emitted a whole batch and is inside its second. */
    private static final int KILL_AFTER_ARRIVALS = ITEMS_PER_BATCH + 500;
    /** The aggregating run: the victim fills two batches and half a third, then is killed; the survivor the rest. */
    private static final int AGGREGATED_ITEMS = 3_000;
    private static final int AGGREGATED_PER_BATCH = 1_000;
    private static final int AGGREGATED_BEFORE_KILL = 2_500;
    /** A limit for a machine under load, not an expectation: the run takes well under a minute on two idle cores. */
    private static final long TIMEOUT_MILLIS = 300_000;

    @TempDir
    Path work;

    private final List<Process> nodes = new ArrayList<>();
    private SharedDatabaseRun run;

    @AfterEach
    void stopEverything() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void threeNodesShareTheBatchesAndANodeKilledWhileEmittingLosesNothing() throws Exception {
        String jdbcUrl = startDatabaseAndSandbox();
        for (int n = 1; n <= 3; n++) {
            nodes.add(startNode("node-" + n, jdbcUrl));
        }
        // the nodes pick the batches up as they come: a node starts in seconds, a batch takes longer to emit
        Set<String> sent = submitBatches();
        awaitOutput(line -> line.startsWith(MultiNodeChild.STARTED), 3, "the three nodes to start");
        String victim = awaitANodeEmitting();
        Process victimProcess = nodes.get(Integer.parseInt(victim.substring("node-".length())) - 1);
        victimProcess.destroyForcibly().waitFor();
        String victimBatch = batchLeasedBy(victimProcess.pid());
        Set<String> inFlight = routedButNotMarkedDelivered(victim, victimBatch);

        awaitEveryItemDelivered(ITEMS);

        Map<String, Integer> delivered = countBy("SELECT custom_id FROM delivered");
        assertEquals(sent, delivered.keySet(), "sent == delivered + error items: every custom_id accounted for");
        assertEquals(Map.of(), withCountAbove(1, delivered), "the idempotent repository lets each item through once");
        Set<String> errorItems = customIds("SELECT custom_id FROM delivered WHERE error_code IS NOT NULL");
        assertEquals(sent.stream().filter(id -> index(id) % FAIL_EVERY == 0).collect(Collectors.toSet()), errorItems,
                "the items the API failed are the error items");

        Map<String, Integer> arrived = new HashMap<>();
        arrivals().values().forEach(lines -> lines.forEach(line -> arrived.merge(line[1], 1, Integer::sum)));
        Map<String, Integer> twice = withCountAbove(1, arrived);
        assertTrue(inFlight.containsAll(twice.keySet()), "items routed twice " + twice.keySet()
                                                         + " are only those in flight at the kill " + inFlight);
        assertTrue(inFlight.size() <= 1, "one item at most is in flight on one node: " + inFlight);

        Map<String, Set<String>> batchesByNode = batchesByNode();
        Map<String, Set<String>> wholeBatchesByNode = wholeBatchesByNode();
        for (String node : List.of("node-1", "node-2", "node-3")) {
            assertTrue(!wholeBatchesByNode.getOrDefault(node, Set.of()).isEmpty(),
                    "every node emitted at least one whole batch: " + wholeBatchesByNode);
        }
        assertTrue(batchesByNode.entrySet().stream().anyMatch(e -> !e.getKey().equals(victim)
                                                                   && e.getValue().contains(victimBatch)),
                "another node resumed batch " + victimBatch + " of the killed " + victim + ": " + batchesByNode);
        System.out.println("Killed " + victim + " while it emitted " + victimBatch + "; in flight: " + inFlight
                           + "; batches per node: " + batchesByNode);
    }

    @Test
    void anAggregatingNodeKilledMidBatchHasItsOpenBatchFinishedByAnotherNodeAndEveryItemPostedOnce() throws Exception {
        String jdbcUrl = startDatabaseAndSandbox();
        nodes.add(startNode("node-1", jdbcUrl));
        // both aggregate under the same correlation key into the same tables, at the same time
        Process victim = startAggregator(AggregatingNodeChild.VICTIM, jdbcUrl);
        nodes.add(victim);
        nodes.add(startAggregator(AggregatingNodeChild.SURVIVOR, jdbcUrl));
        awaitOutput(line -> line.equals(AggregatingNodeChild.AT_KILL_POINT), 1, "the victim to reach item "
                                                                              + AGGREGATED_BEFORE_KILL);
        victim.destroyForcibly().waitFor();
        // pre-completion: the victim's open batch started with the item that did not fit in the one before
        String victimsItems = "i.custom_id < '" + item(AGGREGATED_BEFORE_KILL).customId() + "'";
        long openItems = run.count("SELECT count(*) FROM scaledown_item i JOIN scaledown_batch b"
                               + " ON b.batch_key = i.batch_key WHERE b.state = 'open' AND " + victimsItems);
        assertEquals(AGGREGATED_BEFORE_KILL % AGGREGATED_PER_BATCH, openItems,
                "killed while aggregating: its open batch holds the items handed in since its last batch completed");
        assertEquals(0, run.count("SELECT count(*) FROM scaledown_item i JOIN scaledown_batch b ON b.batch_key ="
                              + " i.batch_key WHERE b.state <> 'open' AND b.exchange_id IS NOT NULL AND "
                              + victimsItems),
                "the victim's batches completed before the kill were submitted and confirmed");

        awaitEveryItemDelivered(AGGREGATED_ITEMS);

        Set<String> sent = IntStream.range(0, AGGREGATED_ITEMS).mapToObj(i -> item(i).customId())
                .collect(Collectors.toSet());
        Map<String, Integer> delivered = countBy("SELECT custom_id FROM delivered");
        Set<String> reported = new HashSet<>();
        run.output.stream().map(line -> line.substring(line.indexOf(": ") + 2))
                .filter(line -> line.startsWith("DEAD "))
                .forEach(line -> reported.addAll(List.of(line.split(" ", 3)[2].split(","))));
        assertEquals(Set.of(), reported, "no batch was reported: a batch whose POST never started is sent once");
        assertEquals(sent, delivered.keySet(), "sent == delivered + error items: every custom_id accounted for");
        assertEquals(Map.of(), withCountAbove(1, delivered), "the idempotent repository lets each item through once");
        Map<String, Set<String>> batchesByItem = new HashMap<>();
        arrivals().get("node-1").forEach(line -> batchesByItem.computeIfAbsent(line[1], id -> new TreeSet<>())
                .add(line[0]));
        assertEquals(Map.of(), batchesByItem.entrySet().stream().filter(e -> e.getValue().size() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "each item was posted in one batch only");
        Set<String> errorItems = customIds("SELECT custom_id FROM delivered WHERE error_code IS NOT NULL");
        assertEquals(sent.stream().filter(id -> index(id) % FAIL_EVERY == 0).collect(Collectors.toSet()), errorItems,
                "the items the API failed are the error items");
        assertTrue(run.output.stream().anyMatch(line -> line.startsWith("aggregator-" + AggregatingNodeChild.SURVIVOR)
                                                        && line.contains("took over ScaleDown batch")),
                "the survivor took the victim's open batch over:\n" + run.outputText());
        awaitCount("SELECT count(*) FROM scaledown_batch WHERE exchange_id IS NOT NULL", 0,
                "every aggregated batch to be confirmed");
    }

    // ------------------------------------------------------------------ the run

    /** A new PostgreSQL database with the tables of the run, and the sandbox; returns the database's JDBC URL. */
    private String startDatabaseAndSandbox() throws SQLException {
        run = new SharedDatabaseRun(MultiNodeChild.API_KEY, MultiNodeChild.LEASE_MILLIS);
        run.execute("CREATE TABLE delivered (custom_id VARCHAR(100) NOT NULL, batch_id VARCHAR(100) NOT NULL,"
                + " node VARCHAR(20) NOT NULL, error_code VARCHAR(100))");
        // camel-sql's table for JdbcMessageIdRepository; the key makes a concurrent second insert fail
        run.execute("CREATE TABLE CAMEL_MESSAGEPROCESSED (processorName VARCHAR(255), messageId VARCHAR(100),"
                + " createdAt TIMESTAMP, PRIMARY KEY (processorName, messageId))");
        run.startSandbox();
        return run.jdbcUrl;
    }

    private Process startNode(String node, String jdbcUrl) throws IOException {
        return run.startJvm(node, MultiNodeChild.class, node, run.baseUrl(), jdbcUrl, arrivalsFile(node).toString());
    }

    private Process startAggregator(String role, String jdbcUrl) throws IOException {
        return run.startJvm("aggregator-" + role, AggregatingNodeChild.class, role, run.baseUrl(), jdbcUrl,
                String.valueOf(AGGREGATED_ITEMS), String.valueOf(AGGREGATED_PER_BATCH),
                String.valueOf(AGGREGATED_BEFORE_KILL));
    }

    /** Submits the batches through the component, as a submit-only node would, tracked in the shared database. */
    private Set<String> submitBatches() throws Exception {
        ProducerTemplate template = run.submitter();
        Set<String> sent = new HashSet<>();
        for (int b = 0; b < BATCHES; b++) {
            List<SummarizeItem> batch = IntStream.range(b * ITEMS_PER_BATCH, (b + 1) * ITEMS_PER_BATCH)
                    .mapToObj(MultiNodeTest::item).toList();
            template.sendBody("scaledown:submit", batch);
            batch.forEach(item -> sent.add(item.customId()));
        }
        return sent;
    }

    /** Item {@code i} of a run: every {@value #FAIL_EVERY}th one fails at the API. */
    static SummarizeItem item(int i) {
        return SummarizeItem.of(String.format("item-%05d", i), "Text number " + i + ". It is short."
                                                              + (i % FAIL_EVERY == 0 ? " [[sandbox:fail]]" : ""));
    }

    /** The first node that routed {@value #KILL_AFTER_ARRIVALS} items. */
    private String awaitANodeEmitting() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        long shortestLine = "batch_1 item-00000\n".length();
        while (System.currentTimeMillis() < deadline) {
            for (int n = 1; n <= 3; n++) {
                Path file = arrivalsFile("node-" + n);
                // lines are only counted once the file is long enough to hold that many
                if (Files.exists(file) && Files.size(file) >= KILL_AFTER_ARRIVALS * shortestLine
                    && Files.readAllLines(file, StandardCharsets.UTF_8).size() >= KILL_AFTER_ARRIVALS) {
                    return "node-" + n;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no node started emitting:\n" + run.outputText());
    }

    /** The batch whose lease the killed node held: it was emitting it. */
    private String batchLeasedBy(long pid) throws SQLException {
        Set<String> leased = customIds("SELECT batch_id FROM scaledown_batch WHERE lease_owner LIKE '" + pid + "@%'");
        assertEquals(1, leased.size(), "the killed node held the lease of the batch it emitted: " + leased);
        return leased.iterator().next();
    }

    /** Items of that batch the killed node routed that are not marked delivered: they were in flight. */
    private Set<String> routedButNotMarkedDelivered(String node, String batchId) throws Exception {
        Set<String> notMarked = customIds("SELECT i.custom_id FROM scaledown_item i JOIN scaledown_batch b"
                                          + " ON b.batch_key = i.batch_key WHERE b.batch_id = '" + batchId + "'"
                                          + " AND NOT i.delivered");
        return arrivals().get(node).stream().filter(line -> line[0].equals(batchId) && notMarked.contains(line[1]))
                .map(line -> line[1]).collect(Collectors.toSet());
    }

    private void awaitEveryItemDelivered(int items) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (run.count("SELECT count(DISTINCT custom_id) FROM delivered") == items
                && run.count("SELECT count(*) FROM scaledown_batch WHERE state <> 'delivered'") == 0) {
                return;
            }
            Thread.sleep(100);
        }
        long delivered = run.count("SELECT count(DISTINCT custom_id) FROM delivered");
        throw new AssertionError("not every item was delivered (" + delivered + "/" + items + "):\n"
                                 + run.outputText());
    }

    private void awaitCount(String sql, long expected, String what) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (run.count(sql) != expected) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (" + sql + " gives " + run.count(sql)
                                         + ", not " + expected + "):\n" + run.outputText());
            }
            Thread.sleep(50);
        }
    }

    private void awaitOutput(Predicate<String> line, int times, String what) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (run.output.stream().map(l -> l.substring(l.indexOf(": ") + 2)).filter(line).count() >= times) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + ":\n" + run.outputText());
    }

    // ------------------------------------------------------------------ queries

    private Path arrivalsFile(String node) {
        return work.resolve(node + ".arrivals");
    }

    /** Per node, the (batchId, customId) of each exchange that reached its route, in order. */
    private Map<String, List<String[]>> arrivals() throws IOException {
        Map<String, List<String[]>> byNode = new TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            String node = "node-" + n;
            List<String[]> lines = new ArrayList<>();
            if (Files.exists(arrivalsFile(node))) {
                for (String line : Files.readAllLines(arrivalsFile(node), StandardCharsets.UTF_8)) {
                    if (line.indexOf(' ') > 0) {
                        lines.add(line.split(" ", 2));
                    }
                }
            }
            byNode.put(node, lines);
        }
        return byNode;
    }

    /** Per node, the batches of which it routed every item. */
    private Map<String, Set<String>> wholeBatchesByNode() throws IOException {
        Map<String, Set<String>> byNode = new TreeMap<>();
        arrivals().forEach((node, lines) -> lines.stream()
                .collect(Collectors.groupingBy(line -> line[0], Collectors.mapping(line -> line[1], Collectors.toSet())))
                .forEach((batchId, customIds) -> {
                    if (customIds.size() == ITEMS_PER_BATCH) {
                        byNode.computeIfAbsent(node, n -> new TreeSet<>()).add(batchId);
                    }
                }));
        return byNode;
    }

    private Map<String, Set<String>> batchesByNode() throws IOException {
        Map<String, Set<String>> byNode = new TreeMap<>();
        arrivals().forEach((node, lines) -> lines.forEach(
                line -> byNode.computeIfAbsent(node, n -> new TreeSet<>()).add(line[0])));
        return byNode;
    }

    private Map<String, Integer> countBy(String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = run.database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                counts.merge(rows.getString(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    private Set<String> customIds(String sql) throws SQLException {
        return countBy(sql).keySet();
    }



    private static Map<String, Integer> withCountAbove(int limit, Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > limit)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static int index(String customId) {
        return Integer.parseInt(customId.substring("item-".length()));
    }
}
