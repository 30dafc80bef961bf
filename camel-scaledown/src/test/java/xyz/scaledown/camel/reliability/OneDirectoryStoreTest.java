package xyz.scaledown.camel.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.WireMockCamelTestSupport;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One directory configured once serves aggregation, submit and results: the aggregated batch is one record with one
 * items file, in which each custom_id, request line and correlation is written once, at the add; submit adopts the
 * record and tracking keeps the items file as it is; once every result went through the route only the submit key is
 * left.
 */
class OneDirectoryStoreTest extends WireMockCamelTestSupport {

    @TempDir
    static Path work;

    private final Path store = work.resolve("store" + System.nanoTime());
    /** The items files of the store, with their file key and content, just before submit. */
    private volatile Map<Object, String> beforeSubmit;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant("all"), new ScaleDownBatchAggregationStrategy().correlationHeaders("Row"))
                        .aggregationRepository(new FileScaleDownAggregationRepository(store)).completionTimeout(200)
                        .process(exchange -> beforeSubmit = itemsFiles())
                        .to("scaledown:submit?trackerDirectory=" + store)
                        .to("mock:submitted");
                from("scaledown:results?trackerDirectory=" + store + "&delay=50").routeId("results").to("mock:results");
            }
        };
    }

    @Test
    void eachItemIsWrittenOnceInOneRecordFromTheAddToItsResult() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":3}")));
        api.stubFor(get("/v1/batches/b-1").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"completed\"}")));
        String content = "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}";
        api.stubFor(get("/v1/batches/b-1/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("a", "summarize", content) + "\n" + outputLine("b", "summarize", content) + "\n"
                + outputLine("c", "summarize", content) + "\n")));
        MockEndpoint submitted = getMockEndpoint("mock:submitted");
        submitted.expectedMessageCount(1);
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(3);
        results.setResultWaitTime(10_000);
        results.expectedHeaderValuesReceivedInAnyOrder("Row", 1, 2, 3);
        // results wait until the items file was looked at after the submit
        context.getRouteController().stopRoute("results");

        int row = 1;
        for (String id : List.of("a", "b", "c")) {
            template.sendBodyAndHeader("direct:in", SummarizeItem.of(id, "text of " + id), "Row", row++);
        }

        submitted.assertIsSatisfied(10_000);
        assertEquals(1, beforeSubmit.size(), "one items file for the batch: " + beforeSubmit);
        String items = beforeSubmit.values().iterator().next();
        for (String id : List.of("a", "b", "c")) {
            assertEquals(1, occurrences(items, "\"custom_id\":\"" + id + "\""), "custom_id " + id + " once: " + items);
        }
        assertEquals(beforeSubmit, itemsFiles(), "submit and tracking wrote no item again: the same file, as it was");
        assertEquals(List.of("submitted"), recordStates(), "one record, tracked in place");

        context.getRouteController().startRoute("results");
        results.assertIsSatisfied();
        awaitTrue(() -> recordStates().equals(List.of("delivered")) && itemsFiles().isEmpty());
        assertEquals(List.of("delivered"), recordStates(), "only the key is left");
        assertEquals(Map.of(), itemsFiles());
    }

    private Map<Object, String> itemsFiles() {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(file -> file.toString().endsWith(".items")).collect(java.util.stream.Collectors.toMap(
                    file -> fileKey(file), file -> read(file)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> recordStates() {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(file -> file.toString().endsWith(".batch.json"))
                    .map(file -> read(file).replaceAll(".*\"state\":\"([a-z]+)\".*", "$1")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : file.getFileName().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
