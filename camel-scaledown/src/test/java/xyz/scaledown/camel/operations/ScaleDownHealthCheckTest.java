package xyz.scaledown.camel.operations;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.WireMockCamelTestSupport;
import xyz.scaledown.camel.model.SummarizeItem;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness checks of the results consumer and of the producers, through Camel's health registry, against
 * WireMock.
 */
class ScaleDownHealthCheckTest extends WireMockCamelTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?batchId=b-401&delay=20&initialDelay=0").routeId("results")
                        .to("mock:results");
                from("direct:submit").routeId("submit").to("scaledown:submit");
                from("direct:status").routeId("status").to("scaledown:status");
            }
        };
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // what camel-main does for camel.health.consumersEnabled, producersEnabled (off by default), exposureLevel
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.register(registry.resolveById("consumers"));
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        registry.setExposureLevel("full");
        return context;
    }

    @Test
    void theConsumerGoesDownWhenTheApiRefusesTheKey() throws Exception {
        api.stubFor(get("/v1/batches/b-401").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad key " + API_KEY + "\"}}")));

        awaitTrue(() -> !api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-401"))).isEmpty());
        awaitTrue(() -> readiness("consumer:results").getMessage().orElse("").contains("refuses"));

        HealthCheck.Result result = readiness("consumer:results");
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertTrue(result.getMessage().orElse("").contains("refuses the API key"), result.getMessage().orElse(""));
        Map<String, Object> details = result.getDetails();
        assertEquals("unauthorized", details.get("scaledown.last.call.outcome"));
        assertEquals(401, details.get("scaledown.last.call.http.status"));
        assertEquals("status", details.get("scaledown.last.call.operation"));
        assertNotNull(details.get("scaledown.last.call.time"));
        assertEquals(1, details.get("scaledown.tracked.batches"));
        assertTrue(((Number) details.get("scaledown.oldest.batch.age.millis")).longValue() >= 0);
        assertTrue(((Number) details.get(HealthCheck.FAILURE_ERROR_COUNT)).longValue() > 0,
                "Camel's own scheduled-poll check still counts the poll errors: " + details);
        assertKeyAbsent(result);

    }

    @Test
    void theConsumerIsUpWhileTheApiAnswers() throws Exception {
        api.stubFor(get("/v1/batches/b-401").willReturn(okJson("{\"batch_id\":\"b-401\",\"status\":\"processing\"}")));

        // Camel's own check is DOWN until the first poll ended
        awaitTrue(() -> readiness("consumer:results").getState() == HealthCheck.State.UP);

        HealthCheck.Result result = readiness("consumer:results");
        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals(1, result.getDetails().get("scaledown.tracked.batches"));
        assertEquals("success", result.getDetails().get("scaledown.last.call.outcome"));
    }

    @Test
    void aProducerGoesDownOnA403AndUpAgainOnceTheKeyIsAccepted() {
        api.stubFor(post("/v1/batches").willReturn(aResponse().withStatus(403).withBody("{}")));
        String check = producerCheckId("scaledown://submit");
        assertEquals(HealthCheck.State.UP, readiness(check).getState(), "no call yet");

        assertThrows(Exception.class, () -> template.sendBody("direct:submit", List.of(item())));

        HealthCheck.Result refused = readiness(check);
        assertEquals(HealthCheck.State.DOWN, refused.getState());
        assertEquals("submit", refused.getDetails().get("scaledown.last.call.operation"));
        assertEquals(403, refused.getDetails().get("scaledown.last.call.http.status"));
        assertKeyAbsent(refused);

        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-ok\",\"status\":\"queued\",\"total_count\":1}")));
        template.sendBody("direct:submit", List.of(item()));

        HealthCheck.Result accepted = readiness(check);
        assertEquals(HealthCheck.State.UP, accepted.getState());
        // the in-memory tracker is shared: the batch the results consumer watches and the one just submitted
        assertEquals(2, accepted.getDetails().get("scaledown.tracked.batches"));
    }

    @Test
    void aProducerGoesDownAfterThreeCallsInARowThatARetryWillNotFix() {
        api.stubFor(get("/v1/batches/missing").willReturn(aResponse().withStatus(404).withBody("{}")));
        String check = producerCheckId("scaledown://status");

        for (int call = 1; call <= 2; call++) {
            assertThrows(Exception.class, () -> template.sendBodyAndHeader("direct:status", null,
                    ScaleDownConstants.BATCH_ID, "missing"));
            assertEquals(HealthCheck.State.UP, readiness(check).getState(), "after " + call + " failures");
        }
        assertThrows(Exception.class, () -> template.sendBodyAndHeader("direct:status", null,
                ScaleDownConstants.BATCH_ID, "missing"));

        HealthCheck.Result result = readiness(check);
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals(3, result.getDetails().get("scaledown.unrecoverable.failures.in.a.row"));
        assertEquals("client_error", result.getDetails().get("scaledown.last.call.outcome"));
    }

    @Test
    void retryableErrorsDoNotCountAsUnrecoverable() {
        api.stubFor(get("/v1/batches/busy").willReturn(aResponse().withStatus(503)));
        String check = producerCheckId("scaledown://status");

        for (int call = 1; call <= 3; call++) {
            assertThrows(Exception.class, () -> template.sendBodyAndHeader("direct:status", null,
                    ScaleDownConstants.BATCH_ID, "busy"));
        }

        HealthCheck.Result result = readiness(check);
        assertEquals(HealthCheck.State.UP, result.getState());
        assertEquals("server_error", result.getDetails().get("scaledown.last.call.outcome"));
    }

    private static SummarizeItem item() {
        return new SummarizeItem("doc-1", "A contract about many things, long enough to summarize.", null, null);
    }

    private String producerCheckId(String uri) {
        return readinessResults().stream().map(r -> r.getCheck().getId())
                .filter(id -> id.startsWith("producer:" + uri)).findFirst()
                .orElseThrow(() -> new AssertionError("no producer check for " + uri + " in "
                        + readinessResults().stream().map(r -> r.getCheck().getId()).toList()));
    }

    private HealthCheck.Result readiness(String id) {
        return readinessResults().stream().filter(r -> r.getCheck().getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id));
    }

    private Collection<HealthCheck.Result> readinessResults() {
        return HealthCheckHelper.invokeReadiness(context);
    }

    private static void assertKeyAbsent(HealthCheck.Result result) {
        String everything = result.getCheck().getId() + result.getMessage().orElse("") + result.getDetails()
                            + result.getError().map(Throwable::toString).orElse("");
        assertFalse(everything.contains(API_KEY), everything);
    }
}
