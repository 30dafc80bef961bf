package xyz.scaledown.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference's batching and output snippets, each run as written against the sandbox: its batches are created, and
 * their results come back (through a results route of the test's own, on the snippet's tracker).
 */
class SubmitSnippetsTest {

    private static final String[] CONTRACTS = {"summarize/contract-01.txt", "summarize/contract-02.txt",
        "summarize/minutes-01.txt"};

    private final List<Exchange> results = new ArrayList<>();

    @BeforeEach
    void workingDirectory() {
        DocsRun.inDocsWorkingDirectory();
    }

    @Test
    void theCapsRouteSendsTheFilesInOneBatchWithTheirNames() throws Exception {
        assertThreeSummariesNamedAfterTheirFiles(new BatchCapsRoute(), "inbox/contracts", "scaledown:results?delay=200");
    }

    @Test
    void theEndOfInputRouteSendsTheBatchWithTheLastFile() throws Exception {
        assertThreeSummaries(new EndOfInputRoute(), "inbox/contracts", "scaledown:results?delay=200");
    }

    @Test
    void theDurableBatchingRoutesBatchInTheDatabase() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:durable-batching;DB_CLOSE_DELAY=-1");
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            camel.getRegistry().bind("scaledownDs", database);
            camel.addRoutes(new DurableBatchingRoutes(database));
            camel.addRoutes(DocsRun.collect("scaledown:results?trackerDataSource=#scaledownDs&delay=200", results));
            DocsRun.drop(Path.of("inbox/documents"), CONTRACTS);
            camel.start();
            DocsRun.await("3 results", () -> results.size() == 3);
            assertEquals(1, sandbox.requestCounts().submit(), "one batch");
        }
    }

    @Test
    void theDurableBatchingYamlBatchesInADirectory() throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            DocsRun.loadYaml(camel, "durable-batching.yaml");
            camel.addRoutes(DocsRun.collect("scaledown:results?trackerDirectory=work/scaledown&delay=200",
                    results));
            DocsRun.drop(Path.of("inbox"), CONTRACTS);
            camel.start();
            DocsRun.await("3 results", () -> results.size() == 3);
            assertEquals(1, sandbox.requestCounts().submit(), "one batch");
        }
    }

    @Test
    void theItemParametersComeFromTheYamlBeanAndEndpoint() throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            DocsRun.loadYaml(camel, "item-parameters.yaml");
            camel.addRoutes(DocsRun.collect("scaledown:results?delay=200", results));
            camel.start();
            camel.createProducerTemplate().sendBody("direct:tickets", "I was charged twice for my order.");
            camel.createProducerTemplate().sendBody("direct:tickets", "The app crashes when I open it.");
            camel.createProducerTemplate().sendBody("direct:contracts", "ACME Ltd and Bob Smith signed on 1 May 2024.");
            DocsRun.await("3 results", () -> results.size() == 3);
            assertEquals(Map.of("classify", 2L, "extract", 1L), results.stream().collect(
                    java.util.stream.Collectors.groupingBy(e -> e.getMessage().getHeader(ScaleDownConstants.MODEL,
                            String.class), java.util.stream.Collectors.counting())));
            assertTrue(results.stream().allMatch(e -> e.getMessage().getHeader(ScaleDownConstants.ERROR_CODE) == null));
        }
    }

    @Test
    void theOutputIteratorRouteSplitsAFinishedBatch() throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            camel.addRoutes(new OutputIteratorRoute());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("scaledown:submit?trackSubmitted=false");
                }
            });
            camel.start();
            BatchSubmission submitted = camel.createProducerTemplate().requestBody("direct:submit",
                    List.of(SummarizeItem.of("a", "First text. It is short."), SummarizeItem.of("b", "Second text."),
                            SummarizeItem.of("c", "Third text.")), BatchSubmission.class);
            DocsRun.await("the batch completed", () -> "completed".equals(camel.createProducerTemplate()
                    .requestBody("scaledown:status", submitted.batchId(), BatchStatus.class).status()));

            NotifyBuilder logged = new NotifyBuilder(camel).wereSentTo("log:item").whenDone(3).create();
            camel.createProducerTemplate().sendBody("direct:fetch", submitted.batchId());
            assertTrue(logged.matches(30, TimeUnit.SECONDS), "each of the 3 output items went to log:item");
        }
    }

    private void assertThreeSummariesNamedAfterTheirFiles(RouteBuilder snippet, String inbox, String resultsUri)
            throws Exception {
        assertThreeSummaries(snippet, inbox, resultsUri);
        assertEquals(List.of("contract-01.txt", "contract-02.txt", "minutes-01.txt"), results.stream()
                .map(e -> e.getMessage().getHeader(Exchange.FILE_NAME, String.class)).sorted().toList(),
                "the correlation header comes back on each result");
    }

    private void assertThreeSummaries(RouteBuilder snippet, String inbox, String resultsUri) throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            camel.addRoutes(snippet);
            camel.addRoutes(DocsRun.collect(resultsUri, results));
            DocsRun.drop(Path.of(inbox), CONTRACTS);
            camel.start();
            DocsRun.await("3 results", () -> results.size() == 3);
            assertEquals(1, sandbox.requestCounts().submit(), "the three files in one batch");
            assertTrue(results.stream().allMatch(e -> "summarize".equals(e.getMessage().getHeader(ScaleDownConstants.MODEL))));
        }
    }
}
