package xyz.scaledown.camel.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.WireMockCamelTestSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message consumed again after its batch was created (a file picked up again after a later step failed, a JMS
 * rollback) comes back under a new exchange id: submit recognises it by its content, or by the
 * {@code CamelScaleDownSubmitKey} header, and answers it from the store instead of posting (and billing) it again.
 */
class SubmitIdempotentByContentTest extends WireMockCamelTestSupport {

    @TempDir
    static Path work;

    private final Path inbox = work.resolve("in" + System.nanoTime());
    private final Path trackerDirectory = work.resolve("t" + System.nanoTime());
    private final List<String> consumptions = new CopyOnWriteArrayList<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + inbox + "?initialDelay=0&delay=20")
                        .to("scaledown:submit?trackerDirectory=" + trackerDirectory)
                        .process(exchange -> {
                            consumptions.add(exchange.getExchangeId() + " batch "
                                    + exchange.getMessage().getHeader(ScaleDownConstants.BATCH_ID) + " replayed "
                                    + exchange.getMessage().getHeader(ScaleDownConstants.SUBMIT_REPLAYED));
                            if (consumptions.size() < 4) {
                                throw new IllegalStateException("a later step failed");
                            }
                        });
                from("direct:keyed").to("scaledown:submit");
            }
        };
    }

    @Test
    void aFileConsumedFourTimesIsPostedOnce() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-file\",\"status\":\"queued\","
                + "\"total_count\":2}")));
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("docs.jsonl"),
                "{\"custom_id\":\"a\",\"model\":\"summarize\",\"text\":\"first\"}\n"
                        + "{\"custom_id\":\"b\",\"model\":\"summarize\",\"text\":\"second\"}\n");

        awaitTrue(() -> consumptions.size() >= 4 && !Files.exists(inbox.resolve("docs.jsonl")));

        assertEquals(4, consumptions.size(), consumptions.toString());
        api.verify(1, postRequestedFor(urlEqualTo("/v1/batches")));
        assertEquals(4, consumptions.stream().map(c -> c.split(" ")[0]).distinct().count(),
                "four exchanges: " + consumptions);
        assertEquals(List.of("batch b-file replayed null", "batch b-file replayed true", "batch b-file replayed true",
                "batch b-file replayed true"), consumptions.stream().map(c -> c.substring(c.indexOf(' ') + 1)).toList());
    }

    @Test
    void theSubmitKeyHeaderOverridesTheContent() {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-jms\",\"status\":\"queued\"}")));
        String json = "{\"custom_id\":\"a\",\"model\":\"summarize\",\"text\":\"first\"}";

        template.sendBodyAndHeader("direct:keyed", json, ScaleDownConstants.SUBMIT_KEY, "ID:jms-1");
        // the same message id: answered from the store, whatever the content
        var again = template.request("direct:keyed", e -> {
            e.getMessage().setBody(json.replace("first", "first, redelivered"));
            e.getMessage().setHeader(ScaleDownConstants.SUBMIT_KEY, "ID:jms-1");
        });
        // another message id with the same content: a new batch
        template.sendBodyAndHeader("direct:keyed", json, ScaleDownConstants.SUBMIT_KEY, "ID:jms-2");

        assertEquals(true, again.getMessage().getHeader(ScaleDownConstants.SUBMIT_REPLAYED));
        assertEquals("b-jms", again.getMessage().getHeader(ScaleDownConstants.BATCH_ID));
        api.verify(2, postRequestedFor(urlEqualTo("/v1/batches")));
    }
}
