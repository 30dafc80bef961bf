package xyz.scaledown.reliability;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exactly once into the route's database: a results node ({@link ExactlyOnceKillChild}) whose route is
 * {@code transacted()} on the DataSource of the JDBC store inserts every item into its table, with no idempotent
 * repository, on PostgreSQL. Killed with {@code destroyForcibly()} three times in the middle of the items (inside its
 * transaction after the insert, right after the commit, and wherever it happens to be), then restarted: each custom_id
 * is in the table exactly once.
 */
class ExactlyOnceKillTest {

    private static final int BATCHES = 3;
    private static final int ITEMS_PER_BATCH = 100;
    private static final int ITEMS = BATCHES * ITEMS_PER_BATCH;
    /** A limit for a machine under load, not an expectation. */
    private static final long TIMEOUT_MILLIS = 120_000;

    private final List<Process> nodes = new ArrayList<>();
    private SharedDatabaseRun run;

    @AfterEach
    void stopEverything() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void aNodeKilledAtAnyPointInsertsEveryItemExactlyOnce() throws Exception {
        run = new SharedDatabaseRun(ExactlyOnceKillChild.API_KEY, ExactlyOnceKillChild.LEASE_MILLIS);
        run.execute("CREATE TABLE summaries (custom_id VARCHAR(100) NOT NULL, batch_id VARCHAR(100) NOT NULL)");
        run.startSandbox();
        Set<String> sent = submitBatches();

        // 1. inside the transaction, after the insert: the insert is rolled back with the uncommitted mark
        Process node = startNode("in-transaction", 40);
        String inTransaction = awaitStop(node, "in-transaction");
        node.destroyForcibly().waitFor();
        assertEquals(0, rowsOf(inTransaction), "the insert of the node killed inside its transaction was rolled back");

        // 2. right after the commit: the insert and the mark committed together
        node = startNode("after-commit", 60);
        String afterCommit = awaitStop(node, "after-commit");
        node.destroyForcibly().waitFor();
        assertEquals(1, rowsOf(afterCommit), "the insert of the node killed after its commit is there");

        // 3. wherever it is, in the middle of the items
        node = startNode("none", 0);
        long rowsBefore = run.count("SELECT count(*) FROM summaries");
        awaitCount("SELECT count(*) FROM summaries", rowsBefore + 100);
        node.destroyForcibly().waitFor();

        node = startNode("none", 0);
        awaitEveryItemDelivered();

        Map<String, Integer> rows = rowsPerCustomId();
        assertEquals(sent, rows.keySet(), "every custom_id is in the route's table");
        assertEquals(Map.of(), rows.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "each custom_id exactly once");
        assertEquals(1, rowsOf(afterCommit), "the item committed before the kill was not inserted again");
        System.out.println("Killed inside the transaction at " + inTransaction + ", after the commit at " + afterCommit
                           + ", and at row " + rowsBefore + "+100; " + ITEMS + " items, each once");
    }

    // ------------------------------------------------------------------ the run

    private Set<String> submitBatches() throws Exception {
        ProducerTemplate template = run.submitter();
        Set<String> sent = new TreeSet<>();
        for (int b = 0; b < BATCHES; b++) {
            List<SummarizeItem> batch = IntStream.range(b * ITEMS_PER_BATCH, (b + 1) * ITEMS_PER_BATCH)
                    .mapToObj(i -> SummarizeItem.of(String.format("item-%04d", i), "Text number " + i + "."))
                    .toList();
            template.sendBody("scaledown:submit", batch);
            batch.forEach(item -> sent.add(item.customId()));
        }
        return sent;
    }

    private Process startNode(String stop, int at) throws IOException {
        String name = "node-" + (nodes.size() + 1);
        Process process = run.startJvm(name, ExactlyOnceKillChild.class, run.baseUrl(), run.jdbcUrl, stop,
                String.valueOf(at));
        nodes.add(process);
        return process;
    }

    /** Waits for the node to stop where it was told; returns the custom_id it stopped at. */
    private String awaitStop(Process node, String stop) throws Exception {
        String prefix = "node-" + nodes.size() + ": " + ExactlyOnceKillChild.AT + " " + stop + " ";
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && node.isAlive()) {
            for (String line : run.output) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the node did not stop " + stop + ":\n" + run.outputText());
    }

    private void awaitEveryItemDelivered() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (run.count("SELECT count(DISTINCT custom_id) FROM summaries") == ITEMS
                && run.count("SELECT count(*) FROM scaledown_batch WHERE state <> 'delivered'") == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not every item was delivered (" + run.count("SELECT count(DISTINCT custom_id)"
                                 + " FROM summaries") + "/" + ITEMS + "):\n" + run.outputText());
    }

    private void awaitCount(String sql, long atLeast) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (run.count(sql) < atLeast) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + sql + " to reach " + atLeast + ":\n"
                                         + run.outputText());
            }
            Thread.sleep(5);
        }
    }

    // ------------------------------------------------------------------ queries

    private Map<String, Integer> rowsPerCustomId() throws SQLException {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection connection = run.database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT custom_id, count(*) FROM summaries GROUP BY custom_id")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getInt(2));
            }
        }
        return rows;
    }

    private long rowsOf(String customId) throws SQLException {
        try (Connection connection = run.database.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM summaries"
                                                                       + " WHERE custom_id = ?")) {
            statement.setString(1, customId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
