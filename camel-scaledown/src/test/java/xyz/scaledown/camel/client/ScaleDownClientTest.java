package xyz.scaledown.camel.client;

import xyz.scaledown.camel.InvalidBatchItemException;
import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.ScaleDownConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.KnownBatchStatus;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.ExtractResult;
import xyz.scaledown.camel.model.ResultError;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.model.SummarizeResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownClientTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-test-key-0123456789";
    private static final String BATCHES = "/v1/batches";
    private static final String SUBMITTED = "{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":3}";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Duration> sleeps = new ArrayList<>();
    private ScaleDownClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private ScaleDownClient client() {
        return client(3);
    }

    private ScaleDownClient client(int maxRetries) {
        ScaleDownConfiguration options = new ScaleDownConfiguration();
        options.setMaxRetries(maxRetries);
        options.setRetryInitialDelay(10);
        options.setRequestTimeout(5_000);
        client = new ScaleDownClient(options.toClientSettings(wm.baseUrl() + "/v1/", KEY, null), sleeps::add);
        return client;
    }

    private static List<BatchItem> items() {
        Map<String, String> entities = new LinkedHashMap<>();
        entities.put("party", "a party to the contract");
        return List.of(
                new SummarizeItem("doc-1", "A long text.", "one sentence", 100),
                new ExtractItem("doc-2", "ACME signs with Bob.", entities, null),
                new ClassifyItem("doc-3", "Server is down!", List.of(new ClassifyLabel("urgent", "Is it urgent?")),
                        "You triage"));
    }

    // ---- submit

    @Test
    void submitSendsOneJsonLinePerItemAndParsesTheSubmission() throws Exception {
        wm.stubFor(post(BATCHES).willReturn(okJson(SUBMITTED)));

        BatchSubmission submission = client().submit(items());

        assertEquals(new BatchSubmission("b-1", "queued", 3), submission);
        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(BATCHES)));
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        assertEquals(KEY, request.getHeader("x-api-key"));
        assertEquals("application/jsonl", request.getHeader("Content-Type"));
        assertEquals("camel-scaledown", request.getHeader("User-Agent"));
        assertTrue(request.getHeader("Accept").contains("application/json"));
        String[] lines = request.getBodyAsString().split("\n");
        assertEquals(3, lines.length);
        assertEquals(tree("{\"custom_id\":\"doc-1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                          + "{\"model\":\"summarize\",\"text\":\"A long text.\",\"instructions\":\"one sentence\",\"max_tokens\":100}}"),
                tree(lines[0]));
        assertEquals(tree("{\"custom_id\":\"doc-2\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                          + "{\"model\":\"extract\",\"text\":\"ACME signs with Bob.\",\"entities\":{\"party\":\"a party to the contract\"}}}"),
                tree(lines[1]));
        assertEquals(tree("{\"custom_id\":\"doc-3\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                          + "{\"model\":\"classify\",\"text\":\"Server is down!\",\"labels\":[{\"name\":\"urgent\",\"rubric\":"
                          + "\"Is it urgent?\"}],\"system_prompt\":\"You triage\"}}"),
                tree(lines[2]));
    }

    @Test
    void submitIsStreamedChunked() {
        wm.stubFor(post(BATCHES).willReturn(okJson(SUBMITTED)));
        client().submit(items());
        LoggedRequest request = wm.findAll(postRequestedFor(urlEqualTo(BATCHES))).get(0);
        assertEquals("chunked", request.getHeader("Transfer-Encoding"));
        assertFalse(request.containsHeader("Content-Length"));
    }

    @Test
    void missingKeyFailsAtSettingsBuildBeforeAnyCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaleDownConfiguration().toClientSettings(wm.baseUrl(), null, null));
        assertTrue(e.getMessage().startsWith("ScaleDown API key is missing"), e.getMessage());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    @Test
    void invalidItemFailsBeforeAnyCall() {
        InvalidBatchItemException e = assertThrows(InvalidBatchItemException.class,
                () -> client().submit(List.of(SummarizeItem.of("a", "text"), SummarizeItem.of("b", " "))));
        assertEquals(1, e.getIndex());
        assertEquals("text", e.getField());
        assertTrue(wm.getAllServeEvents().isEmpty());
    }

    @Test
    void submitRetries503ThenSucceeds() {
        wm.stubFor(inScenario(post(BATCHES), aResponse().withStatus(503).withBody("{\"error\":\"busy\"}")));
        wm.stubFor(afterFailure(post(BATCHES), okJson(SUBMITTED)));

        assertEquals("b-1", client().submit(items()).batchId());

        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(BATCHES)));
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).getBodyAsString(), requests.get(1).getBodyAsString(), "the body is sent again in full");
        assertEquals(List.of(Duration.ofMillis(10)), sleeps);
    }

    @Test
    void submitIsNotRetriedAfterTheConnectionWasReset() {
        wm.stubFor(post(BATCHES).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client().submit(items()));

        assertEquals(1, wm.findAll(postRequestedFor(urlEqualTo(BATCHES))).size());
        assertEquals(0, e.getStatusCode());
        assertFalse(e.isRetryable());
        assertEquals("submit", e.getOperation());
        assertTrue(e.getMessage().contains("may or may not have been created"), e.getMessage());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void submitIsRetriedWhenTheConnectionWasRefused() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ScaleDownConfiguration options = new ScaleDownConfiguration();
        options.setMaxRetries(2);
        options.setRetryInitialDelay(1);
        client = new ScaleDownClient(options.toClientSettings("http://127.0.0.1:" + closedPort, KEY, null), sleeps::add);

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client.submit(items()));

        assertEquals(0, e.getStatusCode());
        assertTrue(e.isRetryable());
        assertEquals(2, sleeps.size(), "nothing was sent, so the submit was retried");
    }

    @Test
    void badRequestIsNotRetriedAndCarriesTheBody() {
        String body = "{\"error\":{\"message\":\"unknown model\"}}";
        wm.stubFor(post(BATCHES).willReturn(aResponse().withStatus(400).withBody(body)));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client().submit(items()));

        assertEquals(1, wm.findAll(postRequestedFor(urlEqualTo(BATCHES))).size());
        assertEquals(400, e.getStatusCode());
        assertEquals(body, e.getResponseBody());
        assertFalse(e.isRetryable());
        assertEquals("ScaleDown submit failed: HTTP 400: " + body, e.getMessage());
    }

    @Test
    void htmlErrorPageIsQuoted() {
        String page = "<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(1000) + "</body></html>";
        wm.stubFor(post(BATCHES).willReturn(aResponse().withStatus(502).withBody(page)));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client(0).submit(items()));

        assertEquals(502, e.getStatusCode());
        assertEquals(page, e.getResponseBody());
        assertTrue(e.getMessage().startsWith(
                "ScaleDown submit failed: HTTP 502: non-JSON response \"<html><body><h1>502 Bad Gateway</h1>"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "quotes only the start of the page");
    }

    @Test
    void theKeyNeverAppearsInAnExceptionMessage() {
        wm.stubFor(post(BATCHES).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad key " + KEY + "\"}")));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client().submit(items()));

        assertEquals(401, e.getStatusCode());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertFalse(e.toString().contains(KEY));
        assertEquals("{\"error\":\"bad key ******\"}", e.getResponseBody());
    }

    @Test
    void redirectsAreNotFollowed() {
        wm.stubFor(get(BATCHES + "/b-1").willReturn(aResponse().withStatus(302).withHeader("Location", "http://example.com/")));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client().status("b-1"));

        assertEquals(302, e.getStatusCode());
        assertEquals(1, wm.getAllServeEvents().size());
    }

    // ---- status

    @Test
    void statusKeepsUnknownFields() {
        wm.stubFor(get(BATCHES + "/b-1").willReturn(okJson(
                "{\"batch_id\":\"b-1\",\"status\":\"processing\",\"completed_count\":2,\"created_at\":\"2026-01-01T00:00:00Z\"}")));

        BatchStatus status = client().status("b-1");

        assertEquals("b-1", status.batchId());
        assertEquals(KnownBatchStatus.PROCESSING, status.knownStatus());
        assertEquals(2, status.additionalFields().get("completed_count"));
        assertEquals("2026-01-01T00:00:00Z", status.additionalFields().get("created_at"));
        LoggedRequest request = wm.findAll(getRequestedFor(urlEqualTo(BATCHES + "/b-1"))).get(0);
        assertEquals(KEY, request.getHeader("x-api-key"));
        assertEquals("camel-scaledown", request.getHeader("User-Agent"));
        assertEquals("application/json", request.getHeader("Accept"));
    }

    @Test
    void batchIdIsUrlEncodedAndMustNotBeBlank() {
        wm.stubFor(get(urlEqualTo(BATCHES + "/batch%201%3Fx")).willReturn(okJson("{\"batch_id\":\"batch 1?x\",\"status\":\"queued\"}")));
        assertEquals("batch 1?x", client().status("batch 1?x").batchId());
        assertThrows(IllegalArgumentException.class, () -> client.status(" "));
        assertThrows(IllegalArgumentException.class, () -> client.output(null));
    }

    @Test
    void statusRetries503ThenSucceeds() {
        wm.stubFor(inScenario(get(BATCHES + "/b-1"), aResponse().withStatus(503)));
        wm.stubFor(afterFailure(get(BATCHES + "/b-1"), okJson("{\"batch_id\":\"b-1\",\"status\":\"completed\"}")));

        assertEquals(KnownBatchStatus.COMPLETED, client().status("b-1").knownStatus());
        assertEquals(2, wm.findAll(getRequestedFor(urlEqualTo(BATCHES + "/b-1"))).size());
    }

    @Test
    void statusRetriesAResetConnection() {
        wm.stubFor(inScenario(get(BATCHES + "/b-1"), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(afterFailure(get(BATCHES + "/b-1"), okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\"}")));

        assertEquals(KnownBatchStatus.QUEUED, client().status("b-1").knownStatus());
        assertEquals(2, wm.findAll(getRequestedFor(urlEqualTo(BATCHES + "/b-1"))).size());
        assertEquals(1, sleeps.size());
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        wm.stubFor(inScenario(get(BATCHES + "/b-1"), aResponse().withStatus(429).withHeader("Retry-After", "1")));
        wm.stubFor(afterFailure(get(BATCHES + "/b-1"), okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\"}")));

        client().status("b-1");

        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void exhaustedRetriesRaiseTheLastError() {
        wm.stubFor(get(BATCHES + "/b-1").willReturn(aResponse().withStatus(503).withBody("{\"error\":\"overloaded\"}")));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client().status("b-1"));

        assertEquals(503, e.getStatusCode());
        assertEquals("{\"error\":\"overloaded\"}", e.getResponseBody());
        assertEquals("status", e.getOperation());
        assertTrue(e.isRetryable());
        assertEquals(4, wm.findAll(getRequestedFor(urlEqualTo(BATCHES + "/b-1"))).size());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40)), sleeps);
    }

    @Test
    void notFoundIsNotRetried() {
        wm.stubFor(get(BATCHES + "/nope").willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not found\"}")));

        ScaleDownException e = assertThrows(ScaleDownException.class, () -> client().status("nope"));

        assertEquals(404, e.getStatusCode());
        assertEquals(1, wm.getAllServeEvents().size());
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("nope"), e.getMessage());
    }

    // ---- output

    @Test
    void outputIsParsedLineByLine() {
        String body = OutputLineParserTest.SUMMARIZE_LINE + "\n"
                      + "\n"
                      + OutputLineParserTest.EXTRACT_LINE + "\r\n"
                      + OutputLineParserTest.ERROR_LINE + "\n"
                      + "this is not json\n"
                      + OutputLineParserTest.CLASSIFY_LINE + "\n";
        wm.stubFor(get(BATCHES + "/b-1/output").willReturn(aResponse().withStatus(200).withBody(body)));

        List<BatchResultItem> results = new ArrayList<>();
        try (BatchOutput output = client().output("b-1")) {
            output.forEachRemaining(results::add);
            assertEquals(5, output.linesRead());
        }

        assertEquals(5, results.size());
        assertEquals(new SummarizeResult("Short.", 120, 6), results.get(0).content());
        assertEquals("s-1", results.get(0).customId());
        assertInstanceOf(ExtractResult.class, results.get(1).content());
        assertEquals(new ResultError("text_too_long", "text exceeds the limit"), results.get(2).error());
        assertEquals(OutputLineParser.INVALID_LINE, results.get(3).error().code());
        assertTrue(results.get(3).error().message().contains("line 5"), results.get(3).error().message());
        assertEquals("urgent", assertInstanceOf(ClassifyResult.class, results.get(4).content()).topLabel());
        assertNull(results.get(4).error());
        LoggedRequest request = wm.findAll(getRequestedFor(urlEqualTo(BATCHES + "/b-1/output"))).get(0);
        assertEquals(KEY, request.getHeader("x-api-key"));
        assertEquals("camel-scaledown", request.getHeader("User-Agent"));
        assertTrue(request.getHeader("Accept").contains("application/jsonl"));
    }

    @Test
    void outputRetries503ThenStreams() {
        wm.stubFor(inScenario(get(BATCHES + "/b-1/output"), aResponse().withStatus(503)));
        wm.stubFor(afterFailure(get(BATCHES + "/b-1/output"),
                aResponse().withStatus(200).withBody(OutputLineParserTest.SUMMARIZE_LINE + "\n")));

        try (BatchOutput output = client().output("b-1")) {
            assertTrue(output.hasNext());
            assertEquals("s-1", output.next().customId());
            assertFalse(output.hasNext());
        }
        assertEquals(2, wm.findAll(getRequestedFor(urlEqualTo(BATCHES + "/b-1/output"))).size());
    }

    @Test
    void outputRetriesAResetConnectionBeforeTheFirstLine() {
        wm.stubFor(inScenario(get(BATCHES + "/b-1/output"), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(afterFailure(get(BATCHES + "/b-1/output"),
                aResponse().withStatus(200).withBody(OutputLineParserTest.SUMMARIZE_LINE + "\n")));

        try (BatchOutput output = client().output("b-1")) {
            assertEquals("s-1", output.next().customId());
        }
        assertEquals(1, sleeps.size());
    }

    @Test
    void emptyOutputHasNoItems() {
        wm.stubFor(get(BATCHES + "/b-1/output").willReturn(aResponse().withStatus(200).withBody("")));
        try (BatchOutput output = client().output("b-1")) {
            assertFalse(output.hasNext());
            assertEquals(0, output.linesRead());
        }
    }

    // ---- helpers

    private JsonNode tree(String json) throws Exception {
        return mapper.readTree(json);
    }

    private static MappingBuilder inScenario(MappingBuilder request, ResponseDefinitionBuilder failure) {
        return request.inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willReturn(failure)
                .willSetStateTo("recovered");
    }

    private static MappingBuilder afterFailure(MappingBuilder request, ResponseDefinitionBuilder success) {
        return request.inScenario("flaky").whenScenarioStateIs("recovered").willReturn(success);
    }
}
