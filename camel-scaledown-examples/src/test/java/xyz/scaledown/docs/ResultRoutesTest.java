package xyz.scaledown.docs;

import java.nio.file.Path;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reference's results routes, each run as written against the sandbox. */
class ResultRoutesTest {

    @BeforeEach
    void workingDirectory() {
        DocsRun.inDocsWorkingDirectory();
    }

    /** The YAML DSL version of the first route gives what the Java one gives. */
    @Test
    void theYamlFirstRouteGivesFourSummariesAndOneErrorFile() throws Exception {
        DocsRun.drop(Path.of("inbox/contracts"), "summarize/contract-01.txt", "summarize/contract-02.txt",
                "summarize/minutes-01.txt", "summarize/news-01.txt", "summarize/scan-unreadable.txt");
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            DocsRun.loadYaml(camel, "first-route.yaml");
            camel.start();
            DocsRun.await("4 summaries and 1 error file in outbox/",
                    () -> DocsRun.count(Path.of("outbox/summaries")) == 4 && DocsRun.count(Path.of("outbox/errors")) == 1);
        }
        assertEquals("scan-unreadable.txt", DocsRun.files(Path.of("outbox/errors")).get(0).getFileName().toString());
    }

    /** A result, an item the API failed, and the items of a batch that failed each go their own way. */
    @Test
    void theErrorCodesRouteSendsEachKindOfItemToItsPlace() throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            sandbox.faults().failBatchesMatching("doomed");
            camel.addRoutes(new ErrorCodesRoute());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("scaledown:submit");
                    from("direct:resubmit").to("file:outbox/resubmit");
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:submit", List.of(SummarizeItem.of("fine", "A short text."),
                    SummarizeItem.of("refused", "Please [[sandbox:fail]] this one.")));
            camel.createProducerTemplate().sendBody("direct:submit", List.of(SummarizeItem.of("doomed-1", "Text."),
                    SummarizeItem.of("doomed-2", "More text.")));
            DocsRun.await("1 result, 1 error, 2 not processed", () -> DocsRun.count(Path.of("outbox/results")) == 1
                    && DocsRun.count(Path.of("outbox/errors")) == 1
                    && DocsRun.count(Path.of("outbox/not-processed")) == 2);
        }
    }

    /** A batch that expires on its first submission: its items are answered by the follow-up, attempt 2. */
    @Test
    void theFollowUpRouteGetsTheItemsOfAnExpiredBatchAnsweredByASecondAttempt() throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            sandbox.faults().expireBatchesMatching("late").firstSubmissionsOnly(true);
            camel.addRoutes(new FollowUpRoute());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("scaledown:submit");
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:submit", List.of(SummarizeItem.of("late-1", "Text."),
                    SummarizeItem.of("late-2", "More text."), SummarizeItem.of("late-3", "Even more text.")));
            DocsRun.await("3 results", () -> DocsRun.count(Path.of("outbox/results")) == 3);
            assertEquals(2, sandbox.requestCounts().submit(), "the batch, then one follow-up");
        }
    }

    /**
     * The exactly-once recipe over two batches of items without custom_ids: every item is delivered. With the
     * generated ids {@code item-0}, {@code item-1} of every batch, the second batch was dropped as duplicates.
     */
    @Test
    void theIdempotentConsumerRecipeDeliversEveryItemOfEveryBatch() throws Exception {
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            camel.addRoutes(new IdempotentResultsRoutes());
            camel.start();
            DocsRun.drop(Path.of("inbox/contracts"), "summarize/contract-01.txt", "summarize/contract-02.txt");
            DocsRun.await("the first batch in outbox/", () -> DocsRun.count(Path.of("outbox")) == 2);
            DocsRun.drop(Path.of("inbox/contracts"), "summarize/minutes-01.txt", "summarize/news-01.txt");
            DocsRun.await("the second batch in outbox/", () -> sandbox.requestCounts().submit() == 2);
            DocsRun.await("4 results in outbox/", () -> DocsRun.count(Path.of("outbox")) == 4);
        }
    }
}
