package xyz.scaledown.camel.batching;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The route-level flush at the end of a batch consumer's input: a real file consumer marks its last file with
 * {@code CamelBatchComplete}, the route turns that into {@code CamelAggregationCompleteAllGroupsInclusive}, and the
 * batch goes out "by force" with the last file. The completion timeout is an hour, so nothing else can send it.
 */
class EndOfFileInputFlushTest extends CamelTestSupport {

    @TempDir
    static Path inbox;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // started by the test once the context is: Camel refuses a forced completion while it starts
                from(inbox.toUri() + "?initialDelay=0&delay=60000&sortBy=file:name").routeId("files").autoStartup(false)
                        .setHeader(Exchange.AGGREGATION_COMPLETE_ALL_GROUPS_INCLUSIVE,
                                simple("${exchangeProperty.CamelBatchComplete}"))
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().model("summarize"))
                            .completionTimeout(3_600_000)
                            .to("mock:batches");
            }
        };
    }

    @Override
    public void doPreSetup() throws Exception {
        for (int i = 1; i <= 3; i++) {
            Files.writeString(inbox.resolve("doc-" + i + ".txt"), "Document number " + i + " to summarize.");
        }
    }

    @Test
    void theLastFileOfAPollSendsTheBatchOut() throws Exception {
        MockEndpoint batches = getMockEndpoint("mock:batches");
        batches.expectedMessageCount(1);
        batches.setResultWaitTime(20_000);
        context.getRouteController().startRoute("files");

        batches.assertIsSatisfied();

        Exchange batch = batches.getExchanges().get(0);
        assertEquals("force", batch.getProperty(Exchange.AGGREGATED_COMPLETED_BY));
        assertEquals(3, batch.getMessage().getBody(ScaleDownBatch.class).size());
    }
}
