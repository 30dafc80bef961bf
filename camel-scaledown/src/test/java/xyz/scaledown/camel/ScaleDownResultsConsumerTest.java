package xyz.scaledown.camel;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractResult;
import xyz.scaledown.camel.model.SummarizeResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownResultsConsumerTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"Short.\",\"input_chars\":40,\"output_chars\":6}";
    private static final String ENTITIES = "{\"entities\":[{\"type\":\"org\",\"text\":\"Acme\",\"confidence\":0.9,\"start\":0,\"end\":4}]}";
    private static final String CLASSES = "{\"top_label\":\"refund\",\"scores\":{\"refund\":0.8,\"other\":0.1},\"reasoning\":\"asks\"}";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead"));

                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                                .maxItems(4).correlationHeaders("CamelFileName", "ticketId"))
                        .completionTimeout(300)
                        .to("scaledown:submit");

                from("scaledown:results?delay=20&initialDelay=0&bridgeErrorHandler=true").routeId("results")
                        .choice()
                            .when(header(ScaleDownConstants.ERROR_CODE).isNotNull()).to("mock:errors")
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("summarize")).to("mock:summaries")
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("extract")).to("mock:entities")
                            .when(header(ScaleDownConstants.MODEL).isEqualTo("classify")).to("mock:classifications")
                        .end();
            }
        };
    }

    private void stubBatchLifecycle(String batchId, String finalStatus, String output) {
        String scenario = "lifecycle-" + batchId;
        String status = "/v1/batches/" + batchId;
        api.stubFor(get(status).inScenario(scenario).whenScenarioStateIs("Started")
                .willReturn(okJson("{\"batch_id\":\"" + batchId + "\",\"status\":\"queued\"}")).willSetStateTo("processing"));
        api.stubFor(get(status).inScenario(scenario).whenScenarioStateIs("processing")
                .willReturn(okJson("{\"batch_id\":\"" + batchId + "\",\"status\":\"processing\",\"completed_count\":2}"))
                .willSetStateTo("done"));
        api.stubFor(get(status).inScenario(scenario).whenScenarioStateIs("done")
                .willReturn(okJson("{\"batch_id\":\"" + batchId + "\",\"status\":\"" + finalStatus + "\"}")));
        if (output != null) {
            api.stubFor(get(status + "/output").willReturn(aResponse().withStatus(200).withBody(output)));
        }
    }

    private void sendFourItems() {
        template.sendBodyAndHeaders("direct:in", "A contract about many things, long enough.",
                java.util.Map.of(ScaleDownConstants.MODEL, "summarize", ScaleDownConstants.CUSTOM_ID, "doc-1",
                        "CamelFileName", "contract.txt"));
        template.sendBodyAndHeaders("direct:in", "Acme paid the invoice.",
                java.util.Map.of(ScaleDownConstants.MODEL, "extract", ScaleDownConstants.CUSTOM_ID, "doc-2",
                        ScaleDownConstants.ENTITIES, "org:organisations", "CamelFileName", "invoice.txt"));
        template.sendBodyAndHeaders("direct:in", "I want my money back.",
                java.util.Map.of(ScaleDownConstants.MODEL, "classify", ScaleDownConstants.CUSTOM_ID, "doc-3",
                        ScaleDownConstants.LABELS, "refund:Asks for a refund?;other:Anything else?", "ticketId", 42));
        template.sendBodyAndHeaders("direct:in", "Unreadable",
                java.util.Map.of(ScaleDownConstants.MODEL, "summarize", ScaleDownConstants.CUSTOM_ID, "doc-4",
                        "CamelFileName", "broken.txt"));
    }

    @Test
    void eachResultItemIsItsOwnExchangeRoutedByModelWithItsCorrelationHeaders() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":4}")));
        stubBatchLifecycle("b-1", "completed", outputLine("doc-1", "summarize", SUMMARY) + "\n"
                                               + outputLine("doc-2", "extract", ENTITIES) + "\n"
                                               + outputLine("doc-3", "classify", CLASSES) + "\n"
                                               + errorLine("doc-4", "unprocessable", "no sentences") + "\n");
        MockEndpoint summaries = getMockEndpoint("mock:summaries");
        MockEndpoint entities = getMockEndpoint("mock:entities");
        MockEndpoint classifications = getMockEndpoint("mock:classifications");
        MockEndpoint errors = getMockEndpoint("mock:errors");
        summaries.expectedMessageCount(1);
        entities.expectedMessageCount(1);
        classifications.expectedMessageCount(1);
        errors.expectedMessageCount(1);

        sendFourItems();

        MockEndpoint.assertIsSatisfied(context, 10, java.util.concurrent.TimeUnit.SECONDS);
        Exchange summary = summaries.getExchanges().get(0);
        assertEquals(new SummarizeResult("Short.", 40, 6), summary.getIn().getBody());
        assertEquals("contract.txt", summary.getIn().getHeader("CamelFileName"));
        assertEquals("doc-1", summary.getIn().getHeader(ScaleDownConstants.CUSTOM_ID));
        assertEquals("b-1", summary.getIn().getHeader(ScaleDownConstants.BATCH_ID));
        assertEquals(200, summary.getIn().getHeader(ScaleDownConstants.STATUS_CODE));
        Exchange extract = entities.getExchanges().get(0);
        assertEquals("Acme", extract.getIn().getBody(ExtractResult.class).entities().get(0).text());
        assertEquals("invoice.txt", extract.getIn().getHeader("CamelFileName"));
        Exchange classify = classifications.getExchanges().get(0);
        assertEquals("refund", classify.getIn().getBody(ClassifyResult.class).topLabel());
        assertEquals(42, classify.getIn().getHeader("ticketId"));
        Exchange error = errors.getExchanges().get(0);
        assertEquals("unprocessable", error.getIn().getHeader(ScaleDownConstants.ERROR_CODE));
        assertEquals("no sentences", error.getIn().getHeader(ScaleDownConstants.ERROR_MESSAGE));
        assertEquals("broken.txt", error.getIn().getHeader("CamelFileName"));
        assertEquals("doc-4", error.getIn().getBody(BatchResultItem.class).customId());
        awaitTrue(() -> trackedBatchIds().isEmpty());
        assertTrue(trackedBatchIds().isEmpty(), "a delivered batch leaves the tracker");
        assertEquals(1, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-1/output"))).size());
    }

    @Test
    void aFailedBatchRoutesItsPartialOutputThenOneBatchFailedItemPerRemainingItem() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-f\",\"status\":\"queued\",\"total_count\":4}")));
        stubBatchLifecycle("b-f", "failed", outputLine("doc-1", "summarize", SUMMARY) + "\n");
        MockEndpoint summaries = getMockEndpoint("mock:summaries");
        MockEndpoint errors = getMockEndpoint("mock:errors");
        summaries.expectedBodiesReceived(new SummarizeResult("Short.", 40, 6));
        errors.expectedMessageCount(3);
        getMockEndpoint("mock:dead").expectedMessageCount(0);

        sendFourItems();

        MockEndpoint.assertIsSatisfied(context, 10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("doc-2", "doc-3", "doc-4"), errors.getExchanges().stream()
                .map(e -> e.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class)).toList());
        Exchange failed = errors.getExchanges().get(1);
        assertEquals(ScaleDownErrorCodes.BATCH_FAILED, failed.getIn().getHeader(ScaleDownConstants.ERROR_CODE));
        String message = failed.getIn().getHeader(ScaleDownConstants.ERROR_MESSAGE, String.class);
        assertTrue(message.contains("b-f") && message.contains("'failed'"), message);
        assertEquals(42, failed.getIn().getHeader("ticketId"), "the item's correlation headers are restored");
        awaitTrue(() -> trackedBatchIds().isEmpty());
        assertTrue(trackedBatchIds().isEmpty());
    }

    @Test
    void aBatchStaysTrackedWhileItIsNotDone() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-q\",\"status\":\"queued\",\"total_count\":4}")));
        api.stubFor(get("/v1/batches/b-q").willReturn(okJson("{\"batch_id\":\"b-q\",\"status\":\"processing\"}")));

        sendFourItems();
        awaitTrue(() -> api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-q"))).size() >= 3);

        assertEquals(List.of("b-q"), trackedBatchIds());
        assertEquals(0, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-q/output"))).size());
    }

    private List<String> trackedBatchIds() {
        return context.getEndpoint("scaledown:submit", ScaleDownEndpoint.class).getTracker().pending().stream()
                .map(b -> b.batchId()).toList();
    }
}
