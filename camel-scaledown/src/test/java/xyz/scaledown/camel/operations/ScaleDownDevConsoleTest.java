package xyz.scaledown.camel.operations;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleResolver;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.WireMockCamelTestSupport;
import xyz.scaledown.camel.console.ScaleDownDevConsole;
import xyz.scaledown.camel.model.SummarizeItem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code scaledown} dev console and the results consumer's JMX attributes show the tracked batches and their
 * progress: one batch whose route fails its third item (the 3 others delivered), one whose status call fails.
 */
class ScaleDownDevConsoleTest extends WireMockCamelTestSupport {

    private static final String SUMMARY = "{\"summary\":\"Short.\",\"input_chars\":40,\"output_chars\":6}";

    @Override
    public void configureTest(TestExecutionConfiguration testExecutionConfiguration) {
        super.configureTest(testExecutionConfiguration);
        testExecutionConfiguration.withEnableJMX();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?delay=50&initialDelay=0").routeId("results")
                        .filter(header(ScaleDownConstants.CUSTOM_ID).isEqualTo("doc-3"))
                            .throwException(new IllegalStateException("the outbox is full"))
                        .end()
                        .to("mock:results");
            }
        };
    }

    @Test
    void theConsoleListsEachTrackedBatchWithItsProgressAndLastErrorAndTheTotals() throws Exception {
        stubTwoBatches();

        awaitTrue(() -> consoleJson().toString().contains("lastError"));
        awaitTrue(() -> getMockEndpoint("mock:results").getReceivedCounter() == 3);

        DevConsole console = resolveConsole();
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertTrue(text.contains("b-progress  completed   age "), text);
        assertTrue(text.contains("delivered 3/4"), text);
        assertTrue(text.contains("b-broken"), text);
        assertTrue(text.contains("delivered 0/2  last error: ScaleDown status failed for batch 'b-broken': HTTP 404"),
                text);
        assertTrue(text.contains("Total: 2 batches, 3/6 items delivered, 3 pending"), text);

        Map<String, Object> json = consoleJson();
        List<?> batches = (List<?>) json.get("batches");
        assertEquals(2, batches.size());
        Map<?, ?> progress = (Map<?, ?>) batches.stream().filter(b -> "b-progress".equals(((Map<?, ?>) b).get("batchId")))
                .findFirst().orElseThrow();
        assertEquals(3L, ((Number) progress.get("deliveredItems")).longValue());
        assertEquals(4L, ((Number) progress.get("submittedItems")).longValue());
        assertEquals(1L, ((Number) progress.get("pendingItems")).longValue());
        Map<?, ?> totals = (Map<?, ?>) json.get("totals");
        assertEquals(2, ((Number) totals.get("batches")).intValue());
        assertEquals(6L, ((Number) totals.get("submittedItems")).longValue());
        assertEquals(3L, ((Number) totals.get("deliveredItems")).longValue());

        assertFalse(text.contains(API_KEY), text);
        assertFalse(json.toString().contains(API_KEY), json.toString());
    }

    @Test
    void jmxShowsTheConsumersTrackedBatchesAndPendingItems() throws Exception {
        stubTwoBatches();
        awaitTrue(() -> getMockEndpoint("mock:results").getReceivedCounter() == 3);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName consumer = server.queryNames(new ObjectName("org.apache.camel:context=" + context.getManagementName()
                + ",type=consumers,*"), null).stream()
                .filter(name -> name.getKeyProperty("name").contains("ScaleDownResultsConsumer"))
                .findFirst().orElseThrow(() -> new AssertionError("no results consumer MBean"));

        assertEquals(2, server.getAttribute(consumer, "TrackedBatches"));
        assertEquals(3L, server.getAttribute(consumer, "PendingItems"));
    }

    private void stubTwoBatches() {
        api.stubFor(post("/v1/batches").inScenario("two").whenScenarioStateIs("Started")
                .willReturn(okJson("{\"batch_id\":\"b-progress\",\"status\":\"queued\",\"total_count\":4}"))
                .willSetStateTo("second"));
        api.stubFor(post("/v1/batches").inScenario("two").whenScenarioStateIs("second")
                .willReturn(okJson("{\"batch_id\":\"b-broken\",\"status\":\"queued\",\"total_count\":2}")));
        api.stubFor(get("/v1/batches/b-progress").willReturn(okJson("{\"batch_id\":\"b-progress\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-progress/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("doc-1", "summarize", SUMMARY) + "\n" + outputLine("doc-2", "summarize", SUMMARY) + "\n"
                + outputLine("doc-3", "summarize", SUMMARY) + "\n" + outputLine("doc-4", "summarize", SUMMARY) + "\n")));
        api.stubFor(get("/v1/batches/b-broken").willReturn(aResponse().withStatus(404).withBody("{}")));

        template.sendBody("direct:submit", items("doc-1", "doc-2", "doc-3", "doc-4"));
        template.sendBody("direct:submit", items("doc-5", "doc-6"));
    }

    private static List<SummarizeItem> items(String... ids) {
        return java.util.Arrays.stream(ids)
                .map(id -> new SummarizeItem(id, "A contract about many things, long enough to summarize.", null, null))
                .toList();
    }

    private DevConsole resolveConsole() {
        DevConsole console = context.getCamelContextExtension().getContextPlugin(DevConsoleResolver.class)
                .resolveDevConsole("scaledown");
        assertInstanceOf(ScaleDownDevConsole.class, console, "found through @DevConsole's generated service file");
        return console;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> consoleJson() {
        return (Map<String, Object>) resolveConsole().call(DevConsole.MediaType.JSON);
    }
}
