package xyz.scaledown.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.ScaleDownComponent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xyz.scaledown.examples.ResultAssertions.FAIL_MARKER;
import static xyz.scaledown.examples.ResultAssertions.assertEntitiesOf;
import static xyz.scaledown.examples.ResultAssertions.assertSummaryOf;
import static xyz.scaledown.examples.ResultAssertions.assertTopLabelAmong;
import static xyz.scaledown.examples.ResultAssertions.parse;

/**
 * Runs the real example application (the same YAML and Java routes, samples and configuration as the main job)
 * against the sandbox once, then checks every pipeline's output.
 */
class ExamplePipelinesEndToEndTest {

    private static final Map<String, String> OUTBOX_OF_MODEL = Map.of(
            "summarize", "summaries", "extract", "entities", "classify", "classifications");
    private static final Map<String, String> SUFFIX_OF_MODEL = Map.of(
            "summarize", ".summary.json", "extract", ".entities.json", "classify", ".classification.json");

    @TempDir
    static Path workDir;

    private static ExamplesApplication application;

    @BeforeAll
    static void runTheExamplesUntilEveryInputHasItsResult() throws Exception {
        application = ExamplesApplication.start(
                new ExampleSettings(workDir, Duration.ofSeconds(60), Map.of()));
        assertTrue(application.tally().awaitAll(Duration.ofSeconds(60)),
                "not every input got its result: " + application.tally().progress());
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void theComponentTakesItsOptionsFromCamelComponentScaledownPropertiesAndReportsItsHealth() {
        CamelContext context = application.camelContext();
        ScaleDownComponent component = context.getComponent("scaledown", ScaleDownComponent.class);
        assertEquals(application.backend().componentProperties().get("camel.component.scaledown.base-url"),
                component.getConfiguration().getBaseUrl());
        assertEquals(4, component.getConfiguration().getMaxRetries(), "from application.properties");
        assertEquals(1000, component.getConfiguration().getRetryInitialDelay(), "1s, from application.properties");
        assertEquals(5, component.getHealthCheckFailureThreshold(), "from application.properties");

        Map<String, HealthCheck.Result> readiness = HealthCheckHelper.invokeReadiness(context).stream()
                .collect(Collectors.toMap(r -> r.getCheck().getId(), r -> r));
        for (String route : List.of("files-results", "queue-results",
                "database-results-" + DatabasePipelineRoutes.FIRST_NODE)) {
            HealthCheck.Result check = readiness.get("consumer:" + route);
            assertEquals(HealthCheck.State.UP, check.getState(), route + ": " + check.getMessage());
            assertEquals("success", check.getDetails().get("scaledown.last.call.outcome"), route);
            assertEquals(0, check.getDetails().get("scaledown.tracked.batches"), route + ": every batch delivered");
        }
        assertTrue(readiness.keySet().stream().anyMatch(id -> id.startsWith("producer:scaledown://submit")),
                readiness.keySet().toString());
    }

    @Test
    void everySampleFileHasOneResultInTheOutboxOfItsModelNamedAfterIt() throws Exception {
        Map<String, Set<String>> expectedFiles = new TreeMap<>();
        ExamplesReport.OUTBOXES.forEach(outbox -> expectedFiles.put(outbox, new java.util.TreeSet<>()));
        for (SampleFiles.Sample sample : SampleFiles.list()) {
            String input = SampleFiles.text(sample);
            String baseName = sample.name().substring(0, sample.name().lastIndexOf('.'));
            String what = sample.resource();
            if (input.contains(FAIL_MARKER)) {
                expectedFiles.get("errors").add(baseName + ".error.json");
                JsonNode error = parse(read(application.workDir().outbox("errors").resolve(baseName + ".error.json")));
                assertEquals("unprocessable", error.path("error").path("code").asText(), what);
                assertTrue(error.path("error").path("message").asText().contains(FAIL_MARKER), what);
                continue;
            }
            String outbox = OUTBOX_OF_MODEL.get(sample.model());
            String fileName = baseName + SUFFIX_OF_MODEL.get(sample.model());
            expectedFiles.get(outbox).add(fileName);
            JsonNode result = parse(read(application.workDir().outbox(outbox).resolve(fileName)));
            switch (sample.model()) {
                case "summarize" -> assertSummaryOf(input, result, what);
                case "extract" -> assertEntitiesOf(input, ExampleConfiguration.entityNames(), result, what);
                default -> assertTopLabelAmong(ExampleConfiguration.labelNames(), result, what);
            }
        }
        Map<String, Set<String>> actualFiles = new TreeMap<>();
        for (String outbox : ExamplesReport.OUTBOXES) {
            actualFiles.put(outbox, fileNames(application.workDir().outbox(outbox)));
        }
        assertEquals(expectedFiles, actualFiles, "one output file per sample input, in the outbox of its model");
    }

    @Test
    void everyQueueRequestGetsOneResultOnItsModelsQueueWithItsCorrelationId() throws Exception {
        Map<String, List<String>> expected = new TreeMap<>();
        Map<String, QueueRequests.Request> byCorrelationId = new HashMap<>();
        for (QueueRequests.Request request : QueueRequests.samples()) {
            String queue = request.expectsError() ? QueuePipelineRoutes.ERROR_QUEUE
                    : QueuePipelineRoutes.RESULT_QUEUE_PREFIX + request.model();
            expected.computeIfAbsent(queue, q -> new ArrayList<>()).add(request.correlationId());
            byCorrelationId.put(request.correlationId(), request);
        }

        Map<String, List<String>> received = new TreeMap<>();
        try (Connection connection = application.broker().connectionFactory().createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            for (String queue : expected.keySet()) {
                try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                    for (Message message = consumer.receive(2000); message != null; message = consumer.receive(200)) {
                        String correlationId = message.getJMSCorrelationID();
                        received.computeIfAbsent(queue, q -> new ArrayList<>()).add(correlationId);
                        assertResultFits(byCorrelationId.get(correlationId), ((TextMessage) message).getText(), queue);
                    }
                }
            }
        }
        expected.values().forEach(ids -> ids.sort(null));
        received.values().forEach(ids -> ids.sort(null));
        assertEquals(expected, received, "one result per request, on the queue of its model, with its JMSCorrelationID");
    }

    private static void assertResultFits(QueueRequests.Request request, String body, String queue) throws Exception {
        assertNotNull(request, "a result on " + queue + " has an unknown JMSCorrelationID");
        JsonNode result = parse(body);
        String what = request.correlationId();
        if (request.expectsError()) {
            assertEquals("unprocessable", result.path("error").path("code").asText(), what);
            return;
        }
        switch (request.model()) {
            case "summarize" -> assertSummaryOf(request.text(), result, what);
            case "extract" -> {
                Set<String> names = request.jsonBody() == null ? ExampleConfiguration.entityNames()
                        : fieldNames(parse(request.jsonBody()).path("entities"));
                assertEntitiesOf(request.text(), names, result, what);
            }
            default -> {
                Set<String> labels = request.jsonBody() == null ? ExampleConfiguration.labelNames()
                        : labelNames(parse(request.jsonBody()).path("labels"));
                assertTopLabelAmong(labels, result, what);
            }
        }
    }

    @Test
    void everyDatabaseRowEndsDoneWithItsResultOrFailedWithItsReason() throws Exception {
        List<DocumentsDatabase.Document> documents = application.database().documents();
        assertEquals(7, documents.size());
        for (DocumentsDatabase.Document document : documents) {
            String what = "documents row " + document.id();
            assertNotNull(document.batchId(), what + ": batch_id");
            assertTrue(Set.of(DatabasePipelineRoutes.FIRST_NODE, SecondNode.NAME).contains(document.node()),
                    what + ": delivered by one of the two nodes, was " + document.node());
            if (document.text().contains(FAIL_MARKER)) {
                assertEquals("failed", document.status(), what);
                assertNull(document.result(), what);
                assertTrue(document.error().startsWith("unprocessable: "), what + ": " + document.error());
                continue;
            }
            assertEquals("done", document.status(), what);
            assertNull(document.error(), what);
            assertNotNull(document.result(), what);
            switch (document.model()) {
                case "summarize" -> assertTrue(!document.result().isBlank()
                        && document.result().length() < document.text().length(), what + ": " + document.result());
                case "extract" -> assertEntitiesOf(document.text(), ExampleConfiguration.entityNames(),
                        parse(document.result()), what);
                default -> assertTrue(ExampleConfiguration.labelNames().contains(document.result()),
                        what + ": " + document.result());
            }
        }
    }

    private static String read(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Set<String> fileNames(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new java.util.HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> labelNames(JsonNode labels) {
        Set<String> names = new java.util.HashSet<>();
        labels.forEach(label -> names.add(label.path("name").asText()));
        return names;
    }
}
