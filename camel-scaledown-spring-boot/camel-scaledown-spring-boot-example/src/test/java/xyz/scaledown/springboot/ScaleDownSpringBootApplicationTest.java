package xyz.scaledown.springboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.sandbox.junit.ScaleDownSandboxExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the real application once, against the embedded sandbox of the API: files go through ScaleDown and come back
 * as results, and {@code /actuator/health} shows the scaledown readiness checks.
 */
@SpringBootTest(classes = ScaleDownSpringBootApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScaleDownSpringBootApplicationTest {

    private static final String API_KEY = "fake.key.springboot.0123456789.SECRET";

    @RegisterExtension
    static ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create().apiKey(API_KEY).completeImmediately();

    @TempDir
    static Path workDir;

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private CamelContext camel;

    /** What the environment and the command line would give the application. */
    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry properties) {
        properties.add("SCALEDOWN_API_KEY", () -> API_KEY);
        properties.add("camel.component.scaledown.base-url", sandbox::baseUrl);
        properties.add("scaledown.example.work-dir", () -> workDir.toString());
        properties.add("scaledown.example.inbox-delay", () -> "100");
        properties.add("scaledown.example.batch-timeout", () -> "300");
        properties.add("scaledown.example.results-delay", () -> "100");
    }

    @Test
    void filesComeBackSummarizedAndTheActuatorShowsTheScaleDownChecks() throws Exception {
        ScaleDownComponent component = camel.getComponent("scaledown", ScaleDownComponent.class);
        assertEquals(3, component.getHealthCheckFailureThreshold(), "set by camel.component.scaledown.*");
        assertEquals(workDir.resolve("tracker").toString(), component.getConfiguration().getTrackerDirectory());

        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Map<String, String> documents = Map.of(
                "contract.txt", "The supplier delivers the goods within thirty days. The buyer pays within sixty days.",
                "letter.txt", "Thank you for the quick delivery. The parcel arrived in good order on Monday.",
                "memo.txt", "The meeting moves to Thursday. Please bring the quarterly figures and the budget plan.");
        for (Map.Entry<String, String> document : documents.entrySet()) {
            Files.writeString(inbox.resolve(document.getKey()), document.getValue(), StandardCharsets.UTF_8);
        }

        ObjectMapper json = new ObjectMapper();
        for (String name : documents.keySet()) {
            Path result = workDir.resolve("outbox/summarize/" + name + ".json");
            awaitFile(result);
            JsonNode summary = json.readTree(Files.readString(result));
            assertTrue(summary.path("summary").isTextual() && !summary.path("summary").asText().isBlank(),
                    result + ": " + summary);
        }

        String health = awaitHealthWith("consumer:files-results");
        JsonNode body = json.readTree(health);
        assertEquals("UP", body.path("status").asText(), health);
        JsonNode checks = body.path("components").path("camelHealth").path("details");
        assertEquals("UP", checks.path("consumer:files-results").asText(), health);
        assertTrue(checks.path("producer:scaledown://submit").isTextual(), health);
        assertFalse(health.contains(API_KEY), "the key is never in a health detail");
    }

    private String awaitHealthWith(String check) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        String body = "";
        while (System.currentTimeMillis() < deadline) {
            body = http.getForObject("/actuator/health", String.class);
            if (body != null && body.contains("\"" + check + "\":\"UP\"")) {
                return body;
            }
            Thread.sleep(100);
        }
        return body;
    }

    private static void awaitFile(Path file) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(file) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), "no result " + file + "; outbox has "
                + (Files.exists(file.getParent()) ? Files.list(file.getParent()).toList() : "nothing"));
    }
}
