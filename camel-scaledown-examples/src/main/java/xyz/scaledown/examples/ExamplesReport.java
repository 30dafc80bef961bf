package xyz.scaledown.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the main job prints at the end: where every pipeline's results are. */
final class ExamplesReport {

    static final List<String> OUTBOXES = List.of("summaries", "entities", "classifications", "errors");
    static final List<String> RESULT_QUEUES = List.of("summarize", "extract", "classify", "errors");

    private ExamplesReport() {
    }

    static void print(ExamplesApplication application, long elapsedMillis, PrintStream out)
            throws IOException, SQLException {
        ResultTally tally = application.tally();
        out.printf("%nScaleDown examples finished in %.1f s with %s: every one of the %d inputs has its answer.%n",
                elapsedMillis / 1000.0, application.backend().describe(), tally.totalExpected());
        out.printf("%nFiles: %s, from the inboxes under %s%n", counts(tally, Pipeline.FILES),
                application.workDir().root().resolve("inbox"));
        for (String outbox : OUTBOXES) {
            Path folder = application.workDir().outbox(outbox);
            out.printf("  %-12s  %s%n", plural(countFiles(folder), "file"), folder);
        }
        out.printf("%nQueue: %s, from %s on the embedded ActiveMQ Artemis broker (%s)%n",
                counts(tally, Pipeline.QUEUE), QueueRequests.REQUEST_QUEUE, EmbeddedBroker.URL);
        for (String suffix : RESULT_QUEUES) {
            String queue = QueuePipelineRoutes.RESULT_QUEUE_PREFIX + suffix;
            out.printf("  %-12s  %s%n", plural(application.broker().messageCount(queue), "message"), queue);
        }
        out.printf("%nDatabase: %s, table documents of the embedded H2 database %s%n",
                counts(tally, Pipeline.DATABASE), application.database().url());
        List<DocumentsDatabase.Document> documents = application.database().documents();
        out.printf("  %3s  %-9s  %-7s  %-6s  %s%n", "id", "model", "status", "node", "result or error");
        for (DocumentsDatabase.Document document : documents) {
            out.printf("  %3d  %-9s  %-7s  %-6s  %s%n", document.id(), document.model(), document.status(),
                    document.node(), abbreviate(document.error() != null ? document.error() : document.result(), 72));
        }
        out.printf("%nTwo nodes shared the database pipeline's batches through the tracker tables in that database:%n");
        Map<String, List<String>> rowsByNode = new TreeMap<>();
        for (DocumentsDatabase.Document document : documents) {
            rowsByNode.computeIfAbsent(String.valueOf(document.node()), node -> new ArrayList<>())
                    .add(document.id() + " (" + document.batchId() + ")");
        }
        for (String node : List.of(DatabasePipelineRoutes.FIRST_NODE, SecondNode.NAME)) {
            List<String> rows = rowsByNode.getOrDefault(node, List.of());
            out.printf("  %s delivered %s%s%n", node, plural(rows.size(), "row"),
                    rows.isEmpty() ? "" : ": " + String.join(", ", rows));
        }
        out.println();
    }

    private static String counts(ResultTally tally, Pipeline pipeline) {
        return plural(tally.expected(pipeline), "input") + " -> " + plural(tally.results(pipeline), "result")
               + " + " + plural(tally.errors(pipeline), "error");
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static long countFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
