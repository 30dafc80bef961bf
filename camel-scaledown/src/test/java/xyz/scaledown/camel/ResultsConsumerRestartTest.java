package xyz.scaledown.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.model.SummarizeItem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer that stops in the middle of a batch, or whose route failed an item, resumes in a new context on the same
 * file tracker with only the items not delivered.
 */
class ResultsConsumerRestartTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path trackerDirectory;

    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private CamelContext startContext(int crashAtIndex) throws Exception {
        return startContext(crashAtIndex, 0);
    }

    private CamelContext startContext(int crashAtIndex, long millisPerItem) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(name -> null);
        component.getConfiguration().setBaseUrl(api.baseUrl());
        component.getConfiguration().setApiKey("fake.key.restart-test");
        component.getConfiguration().setTrackerDirectory(trackerDirectory.toString());
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("scaledown:results?delay=20&initialDelay=0")
                        .process(exchange -> {
                            long index = exchange.getIn().getHeader(ScaleDownConstants.ITEM_INDEX, Long.class);
                            if (index == crashAtIndex) {
                                throw new IllegalStateException("the process dies while routing item " + index);
                            }
                            Thread.sleep(millisPerItem);
                            delivered.add(exchange.getIn().getHeader(ScaleDownConstants.CUSTOM_ID, String.class));
                        });
            }
        });
        context.start();
        return context;
    }

    private void awaitDelivered(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (delivered.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aRestartOnTheFileTrackerDeliversOnlyTheRemainingItems() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-r\",\"status\":\"queued\",\"total_count\":5}")));
        api.stubFor(get("/v1/batches/b-r").willReturn(okJson("{\"batch_id\":\"b-r\",\"status\":\"completed\"}")));
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            output.append(WireMockCamelTestSupport.outputLine("doc-" + i, "summarize",
                    "{\"summary\":\"s\",\"input_chars\":1,\"output_chars\":1}")).append('\n');
        }
        api.stubFor(get("/v1/batches/b-r/output").willReturn(aResponse().withStatus(200).withBody(output.toString())));

        try (CamelContext first = startContext(2)) {
            first.createProducerTemplate().sendBody("direct:submit",
                    List.of(SummarizeItem.of("doc-0", "a"), SummarizeItem.of("doc-1", "b"), SummarizeItem.of("doc-2", "c"),
                            SummarizeItem.of("doc-3", "d"), SummarizeItem.of("doc-4", "e")));
            awaitDelivered(4);
            Thread.sleep(100);
        }
        assertEquals(List.of("doc-0", "doc-1", "doc-3", "doc-4"), delivered, "doc-2 failed; the others went on");

        try (CamelContext second = startContext(-1)) {
            awaitDelivered(5);
            Thread.sleep(100);
            assertEquals(List.of("doc-0", "doc-1", "doc-3", "doc-4", "doc-2"), delivered);
            ScaleDownEndpoint endpoint = second.getEndpoint("scaledown:results", ScaleDownEndpoint.class);
            assertTrue(endpoint.getTracker().pending().isEmpty());
        }
    }

    @Test
    void aGracefulStopEndsTheBatchBetweenItemsAndARestartDeliversTheRestOnce() throws Exception {
        int items = 60;
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-g\",\"status\":\"queued\",\"total_count\":" + items + "}")));
        api.stubFor(get("/v1/batches/b-g").willReturn(okJson("{\"batch_id\":\"b-g\",\"status\":\"completed\"}")));
        StringBuilder output = new StringBuilder();
        List<SummarizeItem> submitted = new java.util.ArrayList<>();
        for (int i = 0; i < items; i++) {
            output.append(WireMockCamelTestSupport.outputLine("doc-" + i, "summarize",
                    "{\"summary\":\"s\",\"input_chars\":1,\"output_chars\":1}")).append('\n');
            submitted.add(SummarizeItem.of("doc-" + i, "text " + i));
        }
        api.stubFor(get("/v1/batches/b-g/output").willReturn(aResponse().withStatus(200).withBody(output.toString())));

        CamelContext first = startContext(-1, 50);
        first.createProducerTemplate().sendBody("direct:submit", submitted);
        awaitDelivered(3);
        first.stop();
        int deliveredBeforeStop = delivered.size();
        assertTrue(deliveredBeforeStop < items, "the stop should interrupt the batch, but all items went through");

        try (CamelContext second = startContext(-1)) {
            awaitDelivered(items);
            Thread.sleep(100);
            assertEquals(items, delivered.size(), "every item once: " + delivered);
            assertEquals(items, new java.util.HashSet<>(delivered).size());
            assertTrue(second.getEndpoint("scaledown:results", ScaleDownEndpoint.class).getTracker().pending().isEmpty());
        }
    }
}
