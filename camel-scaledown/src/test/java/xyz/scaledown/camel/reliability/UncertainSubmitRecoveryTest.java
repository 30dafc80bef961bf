package xyz.scaledown.camel.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.http.Fault;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.WireMockCamelTestSupport;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.ScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An uncertain submit (the POST cut off) is handed back by the aggregation repository's recovery at most
 * {@code maximumRedeliveries} times (default 3), then dead-lettered, or without a dead letter URI raised as
 * {@code ScaleDownSubmitUncertainException} in an ERROR line and dropped from the repository: never retried for ever.
 */
class UncertainSubmitRecoveryTest extends WireMockCamelTestSupport {

    @TempDir
    static Path work;

    private final ScaleDownAggregationRepository repository = newRepository();
    private final AtomicInteger attempts = new AtomicInteger();

    /** The repository under test: a directory one, with submit's tracker in another directory. */
    ScaleDownAggregationRepository newRepository() {
        return new FileScaleDownAggregationRepository(work.resolve("agg" + System.nanoTime()));
    }

    String submitUri() {
        return "scaledown:submit?trackerDirectory=" + work.resolve("t" + System.nanoTime());
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        repository.setRecoveryInterval(100);
        String submit = submitUri();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant("all"), new ScaleDownBatchAggregationStrategy())
                        .aggregationRepository(repository).completionTimeout(100)
                        .process(exchange -> attempts.incrementAndGet())
                        .to(submit);
                from("direct:dead").to("mock:dead");
            }
        };
    }

    @Test
    void withoutADeadLetterUriItIsRetriedThreeTimesThenRaisedAndDropped() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (CapturedLog log = new CapturedLog(Level.INFO, "xyz.scaledown.camel.aggregation")) {
            var sent = template.send("direct:in", e -> e.getMessage().setBody(
                    List.of(SummarizeItem.of("a", "one"), SummarizeItem.of("b", "two"))));
            assertEquals(null, sent.getException());

            awaitTrue(() -> attempts.get() > 0 && repository.scan(context).isEmpty());
            // a few more recovery intervals: nothing is handed back any more
            Thread.sleep(500);

            assertTrue(repository.scan(context).isEmpty(), "the batch left the repository");
            assertEquals(4, attempts.get(), "the first attempt and 3 recoveries");
            api.verify(1, postRequestedFor(urlEqualTo("/v1/batches")));
            assertTrue(log.all().contains("ScaleDownSubmitUncertainException"), log.all());
            assertTrue(log.all().contains("(2 items: a, b) may or may not have been created"), log.all());
        }
    }

    @Test
    void withADeadLetterUriItIsRetriedThreeTimesThenDeadLettered() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        repository.setDeadLetterUri("direct:dead");
        String route = context.getRoutes().get(0).getRouteId();
        context.getRouteController().stopRoute(route);
        context.getRouteController().startRoute(route);
        MockEndpoint dead = getMockEndpoint("mock:dead");
        dead.expectedMessageCount(1);

        template.sendBody("direct:in", List.of(SummarizeItem.of("a", "one"), SummarizeItem.of("b", "two")));

        dead.assertIsSatisfied(10_000);
        awaitTrue(() -> repository.scan(context).isEmpty());
        assertEquals(4, attempts.get(), "the first attempt and 3 recoveries");
        api.verify(1, postRequestedFor(urlEqualTo("/v1/batches")));
    }
}
