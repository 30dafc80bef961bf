package xyz.scaledown.sandbox.junit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import xyz.scaledown.sandbox.SandboxFaults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension as a test class registers it: each sample class below is run by the JUnit engine, as a user's test
 * would be, and its tests assert from the inside; the outer tests then check what happened around them.
 */
class ScaleDownSandboxExtensionTest {

    private static final String KEY = "test-key";
    private static final Pattern BATCH_ID = Pattern.compile("\"batch_id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aStaticFieldServesTheWholeClassAndStopsAfterIt() {
        assertAllPassed(StaticField.class, 2);

        assertThrows(IllegalStateException.class, StaticField.sandbox::baseUrl, "stopped after the class");
    }

    @Test
    void anInstanceFieldGivesEachTestTheSandboxAsConfiguredAndStopsItAfterTheTest() {
        InstanceField.SEEN.clear();
        assertAllPassed(InstanceField.class, 2);

        assertEquals(2, InstanceField.SEEN.size());
        for (ScaleDownSandboxExtension seen : InstanceField.SEEN) {
            assertThrows(IllegalStateException.class, seen::baseUrl, "stopped after its test");
        }
    }

    @Test
    void aPerClassInstanceFieldIsResetBeforeEachTest() {
        PerClassInstanceField.BASE_URLS.clear();
        assertAllPassed(PerClassInstanceField.class, 2);

        assertEquals(2, PerClassInstanceField.BASE_URLS.size());
        assertEquals(PerClassInstanceField.BASE_URLS.get(0), PerClassInstanceField.BASE_URLS.get(1),
                "one sandbox, reset between the tests");
    }

    @Test
    void everyFaultSwitchHasABuilderMethod() {
        assertAllPassed(EverySwitch.class, 1);
    }

    @Test
    void everySwitchOfTheReadmeTableIsABuilderMethod() throws Exception {
        List<String> missing = new ArrayList<>();
        int rows = 0;
        for (String row : Files.readAllLines(Path.of("README.md"))) {
            if (!row.startsWith("| `--")) {
                continue;
            }
            rows++;
            String[] cells = row.split("\\|");
            Matcher name = Pattern.compile("`(\\w+)(\\(\\))?`").matcher(cells[cells.length - 1]);
            if (!cells[1].contains("--port") && !name.find()) {
                missing.add(cells[1].trim() + " names no builder method");
            }
            name.reset();
            while (name.find()) {
                String method = name.group(1);
                if (Arrays.stream(ScaleDownSandboxExtension.class.getMethods())
                        .noneMatch(m -> m.getName().equals(method)
                                && m.getReturnType() == ScaleDownSandboxExtension.class)) {
                    missing.add(cells[1].trim() + ": no builder method " + method);
                }
            }
        }
        assertEquals(20, rows, "the README's table of switches");
        assertEquals(List.of(), missing);
    }

    @Test
    void resetGoesBackToTheBuilderSettingsAndTheSeedReplaysTheSameFaults() {
        assertAllPassed(ResetAndSeed.class, 1);
    }

    @Test
    void aBadBuilderValueFailsWhereItIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> ScaleDownSandboxExtension.create().serverErrorRate(2));
        assertThrows(IllegalArgumentException.class, () -> ScaleDownSandboxExtension.create().failNextBatches(-1));
        assertThrows(IllegalArgumentException.class, () -> ScaleDownSandboxExtension.create().threads(0));
        IllegalStateException notRunning = assertThrows(IllegalStateException.class,
                () -> ScaleDownSandboxExtension.create().baseUrl());
        assertTrue(notRunning.getMessage().contains("@RegisterExtension"), notRunning.getMessage());
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticField {

        @RegisterExtension
        static ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create().apiKey(KEY).completeImmediately();

        static String firstBaseUrl;

        @Test
        @Order(1)
        void first() throws Exception {
            firstBaseUrl = sandbox.baseUrl();
            assertTrue(firstBaseUrl.startsWith("http://127.0.0.1:"), firstBaseUrl);
            String id = submit(sandbox, "doc-1");
            assertEquals("completed", status(sandbox, id));
            assertEquals(401, post(sandbox.baseUrl(), "wrong-key", line("doc-2")).statusCode(), "the key is checked");

            assertEquals(1, sandbox.batchesCreated());
            assertEquals(2, sandbox.submitRequests());
            assertEquals(1, sandbox.statusRequests());
            assertEquals(0, sandbox.outputRequests());
            assertEquals(0, sandbox.otherRequests());
        }

        @Test
        @Order(2)
        void second() throws Exception {
            assertEquals(firstBaseUrl, sandbox.baseUrl(), "the same sandbox");
            assertEquals(1, sandbox.batchesCreated(), "counts carry over in a static field");
            sandbox.faults().failNextBatches(1);
            assertThrows(IllegalStateException.class, () -> sandbox.failNextBatches(1),
                    "builder methods only before the start");

            sandbox.reset();

            assertEquals(0, sandbox.batchesCreated());
            assertEquals(0, sandbox.requestCounts().total());
            assertEquals(0, sandbox.faults().failNextBatches());
        }
    }

    static class InstanceField {

        static final List<ScaleDownSandboxExtension> SEEN = new ArrayList<>();

        @RegisterExtension
        ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create().apiKey(KEY).completeImmediately()
                .failNextBatches(1);

        @RepeatedTest(2)
        void eachTestStartsAsConfigured() throws Exception {
            SEEN.add(sandbox);
            assertEquals(0, sandbox.batchesCreated());
            assertEquals(1, sandbox.faults().failNextBatches());

            assertEquals("failed", status(sandbox, submit(sandbox, "doc-1")));
            assertEquals("completed", status(sandbox, submit(sandbox, "doc-2")));

            assertEquals(2, sandbox.batchesCreated());
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstanceField {

        static final List<String> BASE_URLS = new ArrayList<>();

        @RegisterExtension
        ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create().apiKey(KEY).completeImmediately()
                .failNextBatches(1);

        @RepeatedTest(2)
        void eachTestStartsAsConfigured() throws Exception {
            BASE_URLS.add(sandbox.baseUrl());
            assertEquals(0, sandbox.batchesCreated());
            assertEquals(0, sandbox.requestCounts().total());
            assertEquals(1, sandbox.faults().failNextBatches());

            assertEquals("failed", status(sandbox, submit(sandbox, "doc-1")));
            sandbox.faults().expireBatchesMatching("doc");
            assertEquals("expired", status(sandbox, submit(sandbox, "doc-2")));
        }
    }

    static class EverySwitch {

        @RegisterExtension
        static ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create()
                .queuedMillis(30).processingMillis(40).threads(2)
                .serverErrorRate(0.1).tooManyRequestsRate(0.2).retryAfterSeconds(3).slowMillis(4)
                .dropConnectionRate(0.05).seed(42)
                .failBatchesMatching("fail").failNextBatches(2)
                .expireBatchesMatching("expire").cancelBatchesMatching("cancel").forgetBatchesMatching("forget")
                .madeUpStatusBatchesMatching("made-up")
                .dropOutputLinesMatching("drop").duplicateOutputLinesMatching("twice")
                .garbageAfterOutputLinesMatching("garbage");

        @Test
        void eachBuilderMethodSetsItsSwitch() {
            assertEquals(30, sandbox.sandbox().config().queuedMillis());
            assertEquals(40, sandbox.sandbox().config().processingMillis());
            assertEquals(2, sandbox.sandbox().config().threads());
            assertNull(sandbox.sandbox().config().apiKey(), "any key when none is set");
            SandboxFaults faults = sandbox.faults();
            assertEquals(0.1, faults.serverErrorRate());
            assertEquals(0.2, faults.tooManyRequestsRate());
            assertEquals(3, faults.retryAfterSeconds());
            assertEquals(4, faults.slowMillis());
            assertEquals(0.05, faults.dropConnectionRate());
            assertEquals("fail", faults.failBatchesMatching());
            assertEquals(2, faults.failNextBatches());
            assertEquals("expire", faults.expireBatchesMatching());
            assertEquals("cancel", faults.cancelBatchesMatching());
            assertEquals("forget", faults.forgetBatchesMatching());
            assertEquals("made-up", faults.madeUpStatusBatchesMatching());
            assertEquals("drop", faults.dropOutputLinesMatching());
            assertEquals("twice", faults.duplicateOutputLinesMatching());
            assertEquals("garbage", faults.garbageAfterOutputLinesMatching());
        }
    }

    static class ResetAndSeed {

        @RegisterExtension
        static ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create().completeImmediately()
                .seed(7).serverErrorRate(0.5).forgetBatchesMatching("old-");

        @Test
        void resetReplaysTheSeededFaults() throws Exception {
            List<Integer> first = statusCodes(12);
            assertTrue(first.contains(503) && first.contains(404), "a seeded share of 503s: " + first);

            sandbox.faults().serverErrorRate(0).forgetBatchesMatching(null).failNextBatches(3);
            sandbox.reset();

            assertEquals(0.5, sandbox.faults().serverErrorRate());
            assertEquals("old-", sandbox.faults().forgetBatchesMatching());
            assertEquals(0, sandbox.faults().failNextBatches());
            assertEquals(0, sandbox.requestCounts().total());
            List<Integer> again = statusCodes(12);
            assertEquals(first, again, "the same seed again after reset()");
            assertNotEquals(0, sandbox.requestCounts().serverErrors());
        }

        private static List<Integer> statusCodes(int requests) throws Exception {
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                codes.add(get(sandbox.baseUrl() + "/v1/batches/batch_1", KEY).statusCode());
            }
            return codes;
        }
    }

    private static void assertAllPassed(Class<?> testClass, int tests) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .execute();
        List<String> failures = results.allEvents().failed().stream()
                .map(event -> event.getTestDescriptor().getDisplayName() + ": "
                        + event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                                .map(Throwable::toString).orElse("failed"))
                .toList();
        assertEquals(List.of(), failures, testClass.getSimpleName());
        assertEquals(tests, results.testEvents().succeeded().count(), testClass.getSimpleName());
    }

    private static String submit(ScaleDownSandboxExtension sandbox, String customId) throws Exception {
        HttpResponse<String> response = post(sandbox.baseUrl(), KEY, line(customId));
        assertEquals(200, response.statusCode(), response.body());
        return group(BATCH_ID, response.body());
    }

    private static String status(ScaleDownSandboxExtension sandbox, String batchId) throws Exception {
        HttpResponse<String> response = get(sandbox.baseUrl() + "/v1/batches/" + batchId, KEY);
        assertEquals(200, response.statusCode(), response.body());
        return group(STATUS, response.body());
    }

    private static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"summarize\",\"text\":\"The parcel arrived on Monday. It was in good order.\"}}";
    }

    private static HttpResponse<String> post(String baseUrl, String key, String jsonl)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches")).header("x-api-key", key)
                .header("Content-Type", "application/jsonl").POST(HttpRequest.BodyPublishers.ofString(jsonl)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        assertTrue(matcher.find(), body);
        return matcher.group(1);
    }
}
