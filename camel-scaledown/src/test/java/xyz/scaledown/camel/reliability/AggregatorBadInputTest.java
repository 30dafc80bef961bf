package xyz.scaledown.camel.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad messages sent through the aggregator fail on their own exchange with a message naming the field; every item
 * accepted before and after them reaches the submitted batch.
 */
class AggregatorBadInputTest extends ReliabilityWireMockSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(100))
                        .completionTimeout(100)
                        .to("scaledown:submit");
            }
        };
    }

    @Test
    void badMessagesFailAloneAndTheBatchKeepsEveryAcceptedItem() throws Exception {
        api.stubFor(post(urlEqualTo("/v1/batches"))
                .willReturn(okJson("{\"batch_id\":\"b-agg\",\"status\":\"queued\",\"total_count\":6}")));
        List<String> failures = new ArrayList<>();

        send("good-1", "summarize", "First good text.", failures);
        send("bad-model", "translate", "Text for an unknown model.", failures);
        send("good-2", "summarize", "Second good text.", failures);
        send("bad-text", "summarize", "   ", failures);
        send("good-3", "summarize", "Third good text.", failures);
        send("good-3", "summarize", "A duplicate custom id.", failures);
        sendBody(Map.of("model", "classify", "text", "t", "labels", List.of(Map.of("name", "x"))), failures);
        sendBody(new byte[] { '{', (byte) 0xC3, (byte) 0x28, '}' }, failures);
        send("good-4", "summarize", "Fourth good text.", failures);

        assertEquals(5, failures.size(), "each bad message failed: " + failures);
        assertTrue(failures.get(0).contains("translate"), failures.get(0));
        assertTrue(failures.get(1).contains("text"), failures.get(1));
        assertTrue(failures.get(2).contains("duplicate custom_id 'good-3'"), failures.get(2));
        assertTrue(failures.get(3).contains("rubric"), failures.get(3));
        assertTrue(failures.get(4).contains("UTF-8"), failures.get(4));

        List<LoggedRequest> submits = awaitSubmits(1);
        String body = submits.get(0).getBodyAsString();
        assertEquals(4, body.lines().filter(line -> !line.isBlank()).count(), body);
        for (String id : List.of("good-1", "good-2", "good-3", "good-4")) {
            assertTrue(body.contains("\"custom_id\":\"" + id + "\""), id + " missing from " + body);
        }
        assertTrue(body.contains("Third good text."), "the first good-3 is kept, not its duplicate");
    }

    private void send(String customId, String model, String text, List<String> failures) {
        Exchange result = template.request("direct:in", exchange -> {
            exchange.getIn().setHeader(ScaleDownConstants.MODEL, model);
            exchange.getIn().setHeader(ScaleDownConstants.CUSTOM_ID, customId);
            exchange.getIn().setBody(text);
        });
        if (result.getException() != null) {
            failures.add(messageChain(result.getException()));
        }
    }

    private void sendBody(Object body, List<String> failures) {
        Exchange result = template.request("direct:in", exchange -> exchange.getIn().setBody(body));
        if (result.getException() != null) {
            failures.add(messageChain(result.getException()));
        }
    }

    private static List<LoggedRequest> awaitSubmits(int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<LoggedRequest> found = api.findAll(postRequestedFor(urlEqualTo("/v1/batches")));
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the aggregator never submitted the batch");
    }
}
