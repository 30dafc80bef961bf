package xyz.scaledown.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xyz.scaledown.sandbox.SandboxClient.line;

class ScaleDownSandboxTest {

    static final String KEY = "test-key";
    static final String CONTRACT = "The supplier agreement was signed on 12 March 2024 by Acme Holdings Ltd and Globex Corp. "
            + "It sets a fee of $12,500 per month, payable within 30 days. Either party may end it with three "
            + "months' notice. Disputes go to the courts of London.";
    static final String DEAL = "On 12 March 2024, Acme Holdings Ltd agreed to pay €2,000,000 to Globex Corp. The deal "
            + "was signed by Dr. Jane Roe and later confirmed with John Smith on March 15, 2024. Payment of USD 500 "
            + "is due 2024-04-01.";
    static final String ENTITIES = "\"entities\":{\"party\":\"the companies involved\",\"amount\":\"money amounts\","
            + "\"signer\":\"person who signed\",\"when\":\"dates\",\"colour\":\"favourite colour\"}";
    static final String TICKET = "I was charged twice for my subscription and want a refund of the duplicate payment.";
    static final String LABELS = "\"labels\":[{\"name\":\"billing\",\"rubric\":\"Is the message about a charge, payment, "
            + "invoice or refund?\"},{\"name\":\"technical\",\"rubric\":\"Does the message report a bug, crash or error?\"}]";

    static ScaleDownSandbox sandbox;
    static SandboxClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = ScaleDownSandbox.start(SandboxConfig.builder().apiKey(KEY).completeImmediately().build());
        client = new SandboxClient(sandbox.baseUrl(), KEY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @AfterEach
    void resetFaults() {
        sandbox.faults().reset();
    }

    static String text(String value) {
        return "\"text\":" + SandboxClient.JSON.valueToTree(value).toString();
    }

    @Test
    void bindsToLoopbackOnAFreePort() {
        assertTrue(sandbox.port() > 0);
        assertEquals("http://127.0.0.1:" + sandbox.port(), sandbox.baseUrl());
    }

    @Test
    void refusesAMissingOrWrongKey() throws Exception {
        HttpResponse<String> missing = new SandboxClient(sandbox.baseUrl(), null).submit(line("a", "summarize", text(CONTRACT)));
        assertEquals(401, missing.statusCode());
        assertEquals("unauthorized", SandboxClient.json(missing.body()).at("/error/code").asText());

        HttpResponse<String> wrong = new SandboxClient(sandbox.baseUrl(), "other").get("/v1/batches/batch_1");
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains(KEY));
    }

    @Test
    void anyNonEmptyKeyIsAcceptedWhenNoneIsConfigured() throws Exception {
        try (ScaleDownSandbox open = ScaleDownSandbox.start(SandboxConfig.builder().completeImmediately().build())) {
            assertEquals(200, new SandboxClient(open.baseUrl(), "whatever").submit(line("a", "summarize", text(CONTRACT)))
                    .statusCode());
            assertEquals(401, new SandboxClient(open.baseUrl(), null).submit(line("a", "summarize", text(CONTRACT)))
                    .statusCode());
        }
    }

    @Test
    void malformedLinesAreRefusedNamingTheLine() throws Exception {
        String good = line("ok", "summarize", text(CONTRACT));
        assertBadRequest(good + "\n\n{\"method\":\"POST\",\"body\":{\"model\":\"summarize\",\"text\":\"x\"}}\n",
                "line 3: missing field 'custom_id'");
        assertBadRequest(good + "\nnot json\n", "line 2: not valid JSON");
        assertBadRequest("{\"custom_id\":\"a\"}\n", "line 1: missing field 'body'");
        assertBadRequest("{\"custom_id\":\"a\",\"body\":{\"text\":\"x\"}}", "line 1: missing field 'body.model'");
        assertBadRequest(line("a", "translate", text("x")), "line 1: unknown model 'translate'");
        assertBadRequest("\n  \n", "no requests");
    }

    private static void assertBadRequest(String body, String expectedMessagePart) throws Exception {
        HttpResponse<String> response = client.submit(body);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = SandboxClient.json(response.body()).get("error");
        assertEquals("invalid_request", error.get("code").asText());
        assertTrue(error.get("message").asText().contains(expectedMessagePart), error.toString());
    }

    @Test
    void refusesAnotherContentType() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1/batches"))
                .header("x-api-key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(line("a", "summarize", text(CONTRACT)))).build();
        assertEquals(415, HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void submitAnswersQueuedWithTheCount() throws Exception {
        HttpResponse<String> response = client.submit(line("a", "summarize", text(CONTRACT)) + "\n\n"
                + line("b", "classify", text(TICKET) + "," + LABELS) + "\n");
        assertEquals(200, response.statusCode());
        JsonNode answer = SandboxClient.json(response.body());
        assertTrue(answer.get("batch_id").asText().matches("batch_\\d+"));
        assertEquals("queued", answer.get("status").asText());
        assertEquals(2, answer.get("total_count").asInt());
    }

    @Test
    void unknownBatchIs404() throws Exception {
        assertEquals(404, client.get("/v1/batches/batch_999999").statusCode());
        HttpResponse<String> output = client.get("/v1/batches/batch_999999/output");
        assertEquals(404, output.statusCode());
        assertEquals("not_found", SandboxClient.json(output.body()).at("/error/code").asText());
    }

    @Test
    void statusGoesQueuedProcessingCompleted() throws Exception {
        try (ScaleDownSandbox timed = ScaleDownSandbox.start(SandboxConfig.builder()
                .queuedMillis(150).processingMillis(400).build())) {
            SandboxClient timedClient = new SandboxClient(timed.baseUrl(), "k");
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                items.append(line("item-" + i, "summarize", text(CONTRACT))).append('\n');
            }
            String id = timedClient.submitOk(items.toString());
            HttpResponse<String> early = timedClient.get("/v1/batches/" + id + "/output");
            assertEquals(409, early.statusCode());
            assertEquals("batch_not_completed", SandboxClient.json(early.body()).at("/error/code").asText());

            List<String> states = new ArrayList<>();
            long lastCompleted = 0;
            JsonNode status;
            do {
                status = timedClient.status(id);
                String state = status.get("status").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                    states.add(state);
                }
                long completed = status.get("completed_count").asLong();
                assertTrue(completed >= lastCompleted, "completed_count never shrinks");
                lastCompleted = completed;
                assertEquals(100, status.get("total_count").asInt());
                assertTrue(status.get("created_at").asLong() > 1_600_000_000L);
                Thread.sleep(10);
            } while (!status.get("status").asText().equals("completed"));
            assertEquals(List.of("queued", "processing", "completed"), states);
            assertEquals(100, status.get("completed_count").asInt());
            assertEquals(0, status.get("failed_count").asInt());
            assertEquals(100, timedClient.outputLines(id).size());
        }
    }

    @Test
    void summarizeLinesFollowTheContract() throws Exception {
        String id = client.submitOk(line("s1", "summarize", text(CONTRACT)) + "\n"
                + line("s2", "summarize", text(CONTRACT) + ",\"max_tokens\":5"));
        List<JsonNode> lines = client.outputLines(id);
        assertEquals(2, lines.size());
        for (JsonNode line : lines) {
            assertTrue(line.get("error").isNull());
            assertEquals(200, line.at("/response/status_code").asInt());
            assertEquals("summarize", line.at("/response/body/model").asText());
            JsonNode content = content(line);
            String summary = content.get("summary").asText();
            assertEquals(CONTRACT.length(), content.get("input_chars").asInt());
            assertEquals(summary.length(), content.get("output_chars").asInt());
            assertTrue(summary.length() < CONTRACT.length());
            assertFalse(summary.isBlank());
        }
        assertEquals("s1", lines.get(0).get("custom_id").asText());
        assertTrue(content(lines.get(1)).get("output_chars").asInt() <= 20);
    }

    @Test
    void extractSpansAreTrueOffsets() throws Exception {
        String id = client.submitOk(line("e1", "extract", text(DEAL) + "," + ENTITIES));
        JsonNode line = client.outputLines(id).get(0);
        assertEquals("extract", line.at("/response/body/model").asText());
        JsonNode entities = content(line).get("entities");
        List<String> found = new ArrayList<>();
        for (JsonNode entity : entities) {
            int start = entity.get("start").asInt();
            int end = entity.get("end").asInt();
            assertEquals(DEAL.substring(start, end), entity.get("text").asText());
            double confidence = entity.get("confidence").asDouble();
            assertTrue(confidence >= 0.5 && confidence <= 0.99, entity.toString());
            found.add(entity.get("type").asText() + "=" + entity.get("text").asText());
        }
        assertTrue(found.containsAll(List.of("party=Acme Holdings Ltd", "party=Globex Corp",
                "amount=€2,000,000", "amount=USD 500", "signer=Dr. Jane Roe", "signer=John Smith",
                "when=12 March 2024", "when=March 15, 2024", "when=2024-04-01")), found.toString());
        assertTrue(found.stream().noneMatch(f -> f.startsWith("colour=")), found.toString());
    }

    @Test
    void classifyTopLabelIsTheBestScore() throws Exception {
        String id = client.submitOk(line("c1", "classify", text(TICKET) + "," + LABELS));
        JsonNode line = client.outputLines(id).get(0);
        JsonNode content = content(line);
        JsonNode scores = content.get("scores");
        String best = null;
        double bestScore = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> score = it.next();
            assertTrue(score.getValue().asDouble() >= 0 && score.getValue().asDouble() <= 1);
            if (score.getValue().asDouble() > bestScore) {
                best = score.getKey();
                bestScore = score.getValue().asDouble();
            }
        }
        assertEquals("billing", best);
        assertEquals(best, content.get("top_label").asText());
        assertTrue(content.get("reasoning").asText().contains("billing"));
        assertEquals(2, content.get("labels").size());
        assertEquals("technical", content.get("labels").get(1).get("name").asText());
    }

    @Test
    void itemsThatCannotBeProcessedFailOnTheirOwnLine() throws Exception {
        String id = client.submitOk(String.join("\n",
                line("good", "summarize", text(CONTRACT)),
                line("marked", "summarize", text("Please [[sandbox:fail]] this one.")),
                line("blank", "summarize", text("   ")),
                line("no-labels", "classify", text(TICKET) + ",\"labels\":[]"),
                line("no-entities", "extract", text(DEAL) + ",\"entities\":{}")));
        JsonNode status = client.awaitDone(id);
        assertEquals("completed", status.get("status").asText());
        assertEquals(1, status.get("completed_count").asInt());
        assertEquals(4, status.get("failed_count").asInt());
        List<JsonNode> lines = client.outputLines(id);
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).get("error").isNull());
        for (JsonNode failed : lines.subList(1, 5)) {
            assertEquals(422, failed.at("/response/status_code").asInt());
            assertTrue(failed.at("/response/body").isNull());
            assertEquals("unprocessable", failed.at("/error/code").asText());
            assertFalse(failed.at("/error/message").asText().isBlank());
        }
        assertTrue(lines.get(1).at("/error/message").asText().contains("[[sandbox:fail]]"));
    }

    @Test
    void customIdsComeBackExactly() throws Exception {
        String odd = "quote \" backslash \\ é 東京 \u2028";
        String item = "{\"custom_id\":" + SandboxClient.JSON.valueToTree(odd) + ",\"body\":{\"model\":\"summarize\","
                + text(CONTRACT) + "}}";
        JsonNode line = client.outputLines(client.submitOk(item)).get(0);
        assertEquals(odd, line.get("custom_id").asText());
    }

    @Test
    void outputIsJsonLines() throws Exception {
        String id = client.submitOk(line("a", "summarize", text(CONTRACT)));
        HttpResponse<String> output = client.get("/v1/batches/" + id + "/output");
        assertEquals("application/jsonl", output.headers().firstValue("Content-Type").orElse(""));
        assertTrue(output.body().endsWith("}\n"));
    }

    @Test
    void sameInputGivesSameOutput() throws Exception {
        String items = line("a", "summarize", text(CONTRACT)) + "\n" + line("b", "extract", text(DEAL) + "," + ENTITIES)
                + "\n" + line("c", "classify", text(TICKET) + "," + LABELS);
        String first = client.get("/v1/batches/" + client.submitOk(items) + "/output").body();
        String second = client.get("/v1/batches/" + client.submitOk(items) + "/output").body();
        assertEquals(first, second);
    }

    @Test
    void serverErrorShareIsReproducibleWithASeed() throws Exception {
        sandbox.faults().seed(42).serverErrorRate(0.3);
        List<Integer> first = statusCodes(200);
        sandbox.faults().seed(42);
        List<Integer> second = statusCodes(200);
        assertEquals(first, second);
        long errors = first.stream().filter(code -> code == 503).count();
        assertTrue(errors > 30 && errors < 90, "503 share near 0.3: " + errors + "/200");
        assertTrue(first.stream().allMatch(code -> code == 503 || code == 404));
        HttpResponse<String> answer;
        do {
            answer = client.get("/v1/batches/none");
        } while (answer.statusCode() != 503);
        assertEquals("service_unavailable", SandboxClient.json(answer.body()).at("/error/code").asText());
    }

    private static List<Integer> statusCodes(int requests) throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            codes.add(client.get("/v1/batches/none").statusCode());
        }
        return codes;
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        sandbox.faults().tooManyRequestsRate(1).retryAfterSeconds(3);
        HttpResponse<String> answer = client.submit(line("a", "summarize", text(CONTRACT)));
        assertEquals(429, answer.statusCode());
        assertEquals("3", answer.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void droppedConnectionIsAnIOException() {
        sandbox.faults().dropConnectionRate(1);
        long droppedBefore = sandbox.requestCounts().dropped();
        assertThrows(IOException.class, () -> client.get("/v1/batches/batch_1"));
        assertThrows(IOException.class, () -> client.submit(line("a", "summarize", text(CONTRACT))));
        assertTrue(sandbox.requestCounts().dropped() >= droppedBefore + 2);
    }

    @Test
    void slowAnswersTakeAtLeastTheDelay() throws Exception {
        sandbox.faults().slowMillis(300);
        long start = System.nanoTime();
        assertEquals(404, client.get("/v1/batches/none").statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
    }

    @Test
    void batchesCanBeSetToFail() throws Exception {
        sandbox.faults().failNextBatches(1);
        String failing = client.submitOk(line("a", "summarize", text(CONTRACT)));
        String passing = client.submitOk(line("a", "summarize", text(CONTRACT)));
        JsonNode status = client.awaitDone(failing);
        assertEquals("failed", status.get("status").asText());
        assertEquals("batch_failed", status.at("/error/code").asText());
        assertFalse(status.at("/error/message").asText().isBlank());
        HttpResponse<String> output = client.get("/v1/batches/" + failing + "/output");
        assertEquals(409, output.statusCode());
        assertEquals("completed", client.awaitDone(passing).get("status").asText());

        sandbox.faults().failBatchesMatching("doomed");
        String matching = client.submitOk(line("x-doomed-1", "summarize", text(CONTRACT)));
        assertEquals("failed", client.awaitDone(matching).get("status").asText());
    }

    @Test
    void batchesCanEndExpiredOrCancelledWithPartialOutput() throws Exception {
        sandbox.faults().expireBatchesMatching("late").cancelBatchesMatching("stop");
        String expired = client.submitOk(line("late-1", "summarize", text(CONTRACT)) + "\n"
                + line("late-2", "summarize", text(CONTRACT)));
        String cancelled = client.submitOk(line("stop-1", "summarize", text(CONTRACT)) + "\n"
                + line("stop-2", "summarize", text(CONTRACT)));
        assertEquals("expired", client.awaitDone(expired).get("status").asText());
        assertEquals("cancelled", client.awaitDone(cancelled).get("status").asText());
        assertEquals(List.of("late-1"), client.outputLines(expired).stream().map(l -> l.get("custom_id").asText())
                .toList(), "the first half of the items have results");
        assertEquals(1, client.outputLines(cancelled).size());
    }

    @Test
    void aBatchCanBeForgottenOrReportAMadeUpStatus() throws Exception {
        sandbox.faults().forgetBatchesMatching("gone").madeUpStatusBatchesMatching("odd");
        String forgotten = client.submitOk(line("gone-1", "summarize", text(CONTRACT)));
        String odd = client.submitOk(line("odd-1", "summarize", text(CONTRACT)));
        assertEquals(404, client.get("/v1/batches/" + forgotten).statusCode());
        assertEquals(404, client.get("/v1/batches/" + forgotten + "/output").statusCode());
        assertEquals("paused_by_operator", client.status(odd).get("status").asText());
        assertEquals(409, client.get("/v1/batches/" + odd + "/output").statusCode());
    }

    @Test
    void outputLinesCanBeDroppedDuplicatedAndFollowedByGarbage() throws Exception {
        sandbox.faults().dropOutputLinesMatching("drop").duplicateOutputLinesMatching("twice")
                .garbageAfterOutputLinesMatching("junk");
        String id = client.submitOk(line("keep", "summarize", text(CONTRACT)) + "\n"
                + line("drop-me", "summarize", text(CONTRACT)) + "\n" + line("twice", "summarize", text(CONTRACT))
                + "\n" + line("junk", "summarize", text(CONTRACT)));
        client.awaitDone(id);
        String[] lines = client.get("/v1/batches/" + id + "/output").body().split("\n");
        assertEquals(6, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("\"keep\""));
        assertTrue(lines[1].contains("\"twice\"") && lines[2].contains("\"twice\""));
        assertTrue(lines[3].contains("\"junk\""));
        assertEquals("this line is not JSON (sandbox fault)", lines[4]);
        assertTrue(lines[5].contains("never-submitted-junk"));
    }

    @Test
    void countsRequestsPerEndpoint() throws Exception {
        try (ScaleDownSandbox counted = ScaleDownSandbox.start(SandboxConfig.builder().completeImmediately().build())) {
            SandboxClient countedClient = new SandboxClient(counted.baseUrl(), "k");
            String id = countedClient.submitOk(line("a", "summarize", text(CONTRACT)));
            countedClient.status(id);
            countedClient.status(id);
            countedClient.outputLines(id);
            countedClient.get("/elsewhere");
            RequestCounts counts = counted.requestCounts();
            assertEquals(1, counts.submit());
            assertEquals(2, counts.status());
            assertEquals(1, counts.output());
            assertEquals(1, counts.other());
            assertEquals(5, counts.total());
            assertNotEquals(0, counts.total());
        }
    }

    @Test
    void batchesCreatedCountsOnlyThePostsThatCreatedABatch() throws Exception {
        try (ScaleDownSandbox counted = ScaleDownSandbox.start(SandboxConfig.builder().apiKey("right")
                .completeImmediately().build())) {
            SandboxClient rightKey = new SandboxClient(counted.baseUrl(), "right");
            rightKey.submitOk(line("a", "summarize", text(CONTRACT)));
            assertEquals(400, rightKey.submit("{\"custom_id\":\"no-body\"}").statusCode());
            assertEquals(401, new SandboxClient(counted.baseUrl(), "wrong")
                    .submit(line("b", "summarize", text(CONTRACT))).statusCode());
            counted.faults().serverErrorRate(1);
            assertEquals(503, rightKey.submit(line("c", "summarize", text(CONTRACT))).statusCode());
            counted.faults().serverErrorRate(0).failNextBatches(1);
            rightKey.submitOk(line("d", "summarize", text(CONTRACT)));

            RequestCounts counts = counted.requestCounts();
            assertEquals(5, counts.submit(), "every POST is a submit request");
            assertEquals(2, counts.batchesCreated(), "a batch set to fail was created; refused POSTs were not");
            counts.reset();
            assertEquals(0, counts.batchesCreated());
        }
    }

    static JsonNode content(JsonNode line) throws IOException {
        return SandboxClient.json(line.at("/response/body/choices/0/message/content").asText());
    }
}
