package xyz.scaledown.camel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.InvalidBatchItemException;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.model.SummarizeResult;
import xyz.scaledown.camel.tracking.TrackedBatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownProducerTest extends WireMockCamelTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("direct:status").to("scaledown:status");
                from("direct:output").to("scaledown:output");
                from("direct:stream").to("scaledown:output?outputMode=iterator")
                        .split(body()).streaming().to("mock:item");
            }
        };
    }

    @Test
    void submitSendsEveryItemAsOneJsonLineAndTracksTheBatch() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":3}")));
        List<Object> items = List.of(
                new SummarizeItem("s1", "Long text about contracts.", "one line", 200),
                ExtractItem.of("e1", "Acme Corp paid $5.", Map.of("org", "organisations")),
                ClassifyItem.of("c1", "Refund please", List.of(new ClassifyLabel("refund", "Asks for money back?"))));

        Exchange out = template.request("direct:submit", e -> e.getIn().setBody(items));

        BatchSubmission submission = out.getMessage().getBody(BatchSubmission.class);
        assertEquals("b-1", submission.batchId());
        assertEquals("b-1", out.getMessage().getHeader(ScaleDownConstants.BATCH_ID));
        assertEquals("queued", out.getMessage().getHeader(ScaleDownConstants.BATCH_STATUS));
        LoggedRequest request = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(0);
        assertEquals(API_KEY, request.getHeader("x-api-key"));
        assertTrue(request.getHeader("Content-Type").startsWith("application/jsonl"));
        String[] lines = request.getBodyAsString().strip().split("\n");
        assertEquals(3, lines.length);
        assertEquals(JSON.readTree("{\"custom_id\":\"s1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                                   + "\"body\":{\"model\":\"summarize\",\"text\":\"Long text about contracts.\","
                                   + "\"instructions\":\"one line\",\"max_tokens\":200}}"),
                JSON.readTree(lines[0]));
        JsonNode extract = JSON.readTree(lines[1]);
        assertEquals("organisations", extract.at("/body/entities/org").asText());
        JsonNode classify = JSON.readTree(lines[2]);
        assertEquals("Asks for money back?", classify.at("/body/labels/0/rubric").asText());
        List<TrackedBatch> tracked = context.getEndpoint("scaledown:submit", ScaleDownEndpoint.class).getTracker().pending();
        assertEquals(List.of("b-1"), tracked.stream().map(TrackedBatch::batchId).toList());
        assertEquals(3, tracked.get(0).totalCount());
    }

    @Test
    void submitAcceptsJsonLinesTextAndGivesMissingIdsABatchKeyAndPositions() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-2\",\"status\":\"queued\",\"total_count\":2}")));
        String jsonl = "{\"model\":\"summarize\",\"text\":\"first\"}\n\n{\"model\":\"summarize\",\"text\":\"second\"}\n";

        template.sendBody("direct:submit", jsonl);
        template.sendBody("direct:submit", jsonl.replace("second", "another second"));

        List<String> first = sentCustomIds(0);
        List<String> second = sentCustomIds(1);
        assertEquals(2, first.size());
        assertTrue(first.get(0).matches("item-[0-9a-z]{12}-0"), first.get(0));
        assertEquals(first.get(0).replace("-0", "-1"), first.get(1));
        assertTrue(Collections.disjoint(first, second), "two batches never share a generated id: " + first + second);
    }

    /**
     * The same content without custom_ids, under a new exchange (a file consumed again): the same generated ids, so
     * the same submit key, answered from the store instead of posted again.
     */
    @Test
    void theSameContentWithoutIdsUnderANewExchangeIsAnsweredFromTheStore() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-r\",\"status\":\"queued\",\"total_count\":1}")));
        String json = "{\"model\":\"summarize\",\"text\":\"again\"}";

        Exchange first = template.send("direct:submit", createExchangeWithBody(json));
        Exchange again = template.send("direct:submit", createExchangeWithBody(json));

        assertEquals(1, api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size());
        assertEquals(null, first.getMessage().getHeader(ScaleDownConstants.SUBMIT_REPLAYED));
        assertEquals(Boolean.TRUE, again.getMessage().getHeader(ScaleDownConstants.SUBMIT_REPLAYED, Boolean.class));
        assertEquals("b-r", again.getMessage().getHeader(ScaleDownConstants.BATCH_ID));
    }

    private List<String> sentCustomIds(int request) throws Exception {
        List<String> ids = new ArrayList<>();
        String body = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(request).getBodyAsString();
        for (String line : body.strip().split("\n")) {
            ids.add(JSON.readTree(line).get("custom_id").asText());
        }
        return ids;
    }

    @Test
    void submitTakesPlainTextAsOneItemWhenTheModelHeaderIsSet() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-t\",\"status\":\"queued\",\"total_count\":1}")));

        template.sendBodyAndHeaders("direct:submit", "{not JSON, just a document about contracts}",
                Map.of(ScaleDownConstants.MODEL, "classify", ScaleDownConstants.CUSTOM_ID, "ticket-7",
                        ScaleDownConstants.LABELS, "legal:Is it about law?"));

        String[] lines = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(0).getBodyAsString().strip().split("\n");
        assertEquals(1, lines.length);
        JsonNode line = JSON.readTree(lines[0]);
        assertEquals("ticket-7", line.get("custom_id").asText());
        assertEquals("{not JSON, just a document about contracts}", line.at("/body/text").asText());
        assertEquals("Is it about law?", line.at("/body/labels/0/rubric").asText());
    }

    @Test
    void submitReadsAJsonArrayFromAStream() {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-a\",\"status\":\"queued\",\"total_count\":2}")));
        String array = "  [ {\"model\":\"summarize\",\"text\":\"one\",\"custom_id\":\"a\"},\n"
                       + "    {\"model\":\"summarize\",\"text\":\"two\",\"custom_id\":\"b\"} ]";

        template.sendBody("direct:submit", new java.io.ByteArrayInputStream(array.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        String body = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(0).getBodyAsString();
        assertEquals(2, body.strip().split("\n").length);
        assertTrue(body.contains("\"custom_id\":\"b\""), body);
    }

    @Test
    void invalidItemIsRefusedBeforeAnyCallNamingItemAndField() {
        List<Object> items = List.of(SummarizeItem.of("ok", "fine"), ExtractItem.of("bad", "text", Map.of()));

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:submit", items));

        InvalidBatchItemException cause = assertInstanceOf(InvalidBatchItemException.class, e.getCause());
        assertEquals(1, cause.getIndex());
        assertEquals("bad", cause.getCustomId());
        assertEquals("entities", cause.getField());
        assertEquals(0, api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size());
    }

    @Test
    void duplicateCustomIdIsRefusedBeforeAnyCall() {
        List<Object> items = List.of(SummarizeItem.of("same", "one"), SummarizeItem.of("same", "two"));

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("direct:submit", items));

        InvalidBatchItemException cause = assertInstanceOf(InvalidBatchItemException.class, e.getCause());
        assertEquals("custom_id", cause.getField());
        assertEquals(0, api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size());
    }

    @Test
    void statusReadsTheBatchIdHeaderAndKeepsUnknownFields() {
        api.stubFor(get("/v1/batches/b-9").willReturn(okJson(
                "{\"batch_id\":\"b-9\",\"status\":\"processing\",\"completed_count\":4,\"eta\":\"soon\"}")));

        Exchange out = template.request("direct:status",
                e -> e.getIn().setHeader(ScaleDownConstants.BATCH_ID, "b-9"));

        BatchStatus status = out.getMessage().getBody(BatchStatus.class);
        assertEquals("processing", status.status());
        assertEquals(4, status.additionalFields().get("completed_count"));
        assertEquals("soon", status.additionalFields().get("eta"));
        assertEquals("processing", out.getMessage().getHeader(ScaleDownConstants.BATCH_STATUS));
    }

    @Test
    void statusRetriesA503ThenSucceeds() {
        api.stubFor(get("/v1/batches/b-r").inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("up"));
        api.stubFor(get("/v1/batches/b-r").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson("{\"batch_id\":\"b-r\",\"status\":\"completed\"}")));

        BatchStatus status = template.requestBody("direct:status", "b-r", BatchStatus.class);

        assertEquals("completed", status.status());
        assertEquals(2, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-r"))).size());
    }

    @Test
    void outputGivesTypedItemsAsAList() {
        api.stubFor(get("/v1/batches/b-o/output").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/jsonl")
                .withBody(outputLine("s1", "summarize", "{\"summary\":\"short\",\"input_chars\":20,\"output_chars\":5}") + "\n"
                          + errorLine("x1", "unprocessable", "empty text") + "\n"
                          + outputLine("c1", "classify", "{\"top_label\":\"refund\",\"scores\":{\"refund\":0.9},\"reasoning\":\"r\"}") + "\n")));

        List<?> items = template.requestBodyAndHeader("direct:output", null, ScaleDownConstants.BATCH_ID, "b-o", List.class);

        assertEquals(3, items.size());
        BatchResultItem summary = (BatchResultItem) items.get(0);
        assertEquals(new SummarizeResult("short", 20, 5), summary.content());
        BatchResultItem failed = (BatchResultItem) items.get(1);
        assertEquals("unprocessable", failed.error().code());
        assertEquals("refund", ((ClassifyResult) ((BatchResultItem) items.get(2)).content()).topLabel());
    }

    @Test
    void outputAsIteratorStreamsIntoTheSplitter() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            body.append(outputLine("s" + i, "summarize", "{\"summary\":\"x\",\"input_chars\":1,\"output_chars\":1}")).append('\n');
        }
        api.stubFor(get("/v1/batches/b-s/output").willReturn(aResponse().withStatus(200).withBody(body.toString())));
        MockEndpoint item = getMockEndpoint("mock:item");
        item.expectedMessageCount(50);

        Exchange out = template.request("direct:stream", e -> e.getIn().setHeader(ScaleDownConstants.BATCH_ID, "b-s"));

        item.assertIsSatisfied();
        assertEquals("s49", item.getExchanges().get(49).getIn().getBody(BatchResultItem.class).customId());
        assertFalse(out.isFailed());
    }
}
