package xyz.scaledown.springboot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.sandbox.junit.ScaleDownSandboxExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's "Run the example against the sandbox", step by step, on the jar the build just made: start it with
 * {@code java -jar} against the sandbox (the key in {@code SCALEDOWN_API_KEY}, the base URL and work dir on the command
 * line), drop a file into the inbox, read its summary, see {@code /actuator/health} UP. The only departures from the
 * README: a free port for the application and the sandbox, and a temporary work dir.
 */
class ScaleDownSpringBootJarIT {

    private static final String API_KEY = "fake.key.jar.0123456789.SECRET";
    private static final String CONTRACT = "The supplier delivers the goods within thirty days of the order. "
            + "The buyer pays each invoice within sixty days. Either party may end the agreement with three months' notice.";
    private static final Pattern STARTED_ON_PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration SUMMARY = Duration.ofSeconds(90);

    @RegisterExtension
    ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create().apiKey(API_KEY);

    @TempDir
    Path workDir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process application;
    private Path console;

    @Test
    void theJarRunsAsTheReadmeSays() throws Exception {
        Path jar = Path.of(System.getProperty("example.jar", "target/camel-scaledown-spring-boot-example-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);

        // SCALEDOWN_API_KEY=... java -jar camel-scaledown-spring-boot-example-0.1.0-SNAPSHOT.jar \
        //     --camel.component.scaledown.base-url=http://127.0.0.1:8089 --scaledown.example.work-dir=...
        console = Files.createTempFile(jar.getParent(), "example-jar-", ".log");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(),
                "--camel.component.scaledown.base-url=" + sandbox.baseUrl(),
                "--scaledown.example.work-dir=" + workDir,
                "--server.port=0")
                .redirectErrorStream(true).redirectOutput(console.toFile());
        command.environment().put("SCALEDOWN_API_KEY", API_KEY);
        application = command.start();
        int port = awaitPort();

        // drop a file: written next to the inbox, then moved in whole
        Path inbox = Files.createDirectories(workDir.resolve("inbox"));
        Path draft = Files.writeString(workDir.resolve("contract.txt.draft"), CONTRACT, StandardCharsets.UTF_8);
        Files.move(draft, inbox.resolve("contract.txt"), StandardCopyOption.ATOMIC_MOVE);

        // its summary: outbox/summarize/contract.txt.json
        Path summaryFile = workDir.resolve("outbox/summarize/contract.txt.json");
        awaitFile(summaryFile);
        JsonNode summary = json.readTree(Files.readString(summaryFile));
        assertFalse(summary.path("summary").asText().isBlank(), summary.toString());
        assertTrue(summary.path("summary").asText().length() < CONTRACT.length(), summary.toString());
        assertEquals(1, sandbox.batchesCreated(), "one file, one batch");

        // curl -s http://localhost:8080/actuator/health
        JsonNode health = awaitHealthUp(port);
        JsonNode checks = health.path("components").path("camelHealth").path("details");
        assertEquals("UP", checks.path("consumer:files-results").asText(), health.toString());
        assertTrue(checks.has("producer:scaledown://submit"), health.toString());

        assertFalse(Files.readString(console).contains(API_KEY), "the key is never on the console");
    }

    @AfterEach
    void stopTheApplication() throws InterruptedException {
        if (application != null) {
            application.destroy();
            if (!application.waitFor(30, TimeUnit.SECONDS)) {
                application.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private int awaitPort() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher started = STARTED_ON_PORT.matcher(Files.readString(console));
            if (started.find()) {
                return Integer.parseInt(started.group(1));
            }
            if (!application.isAlive()) {
                fail("java -jar ended with " + application.exitValue() + ":\n" + Files.readString(console));
            }
            Thread.sleep(200);
        }
        return fail("the application did not start within " + START + ":\n" + Files.readString(console));
    }

    private void awaitFile(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SUMMARY.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline && application.isAlive()) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(file), "no " + file + "; the work dir holds " + listing() + ":\n"
                + Files.readString(console));
    }

    private JsonNode awaitHealthUp(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build();
        long deadline = System.nanoTime() + START.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            JsonNode health = json.readTree(body);
            if ("UP".equals(health.path("status").asText()) && "UP".equals(
                    health.path("components").path("camelHealth").path("details").path("consumer:files-results").asText())) {
                return health;
            }
            Thread.sleep(200);
        }
        return fail("/actuator/health is not UP: " + body);
    }

    private List<Path> listing() throws IOException {
        try (var files = Files.walk(workDir)) {
            return files.filter(Files::isRegularFile).map(workDir::relativize).toList();
        }
    }
}
