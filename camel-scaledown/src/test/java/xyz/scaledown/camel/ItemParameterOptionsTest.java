package xyz.scaledown.camel;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The item parameters as endpoint options set in Java (a URI), and Camel's rule that a header overrides the option,
 * for the item parameters and for the batch id of status and output.
 */
class ItemParameterOptionsTest extends WireMockCamelTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:classify").to("scaledown:submit?model=classify&systemPrompt=Be strict"
                                           + "&labels=billing:Is it about money?;tech:Is it about a bug?");
                from("direct:extract").to("scaledown:submit?trackSubmitted=false&model=extract&instructions=Only names"
                                          + "&entities={\"person\":\"a name\"}");
                from("direct:status").to("scaledown:status?batchId=from-option");
            }
        };
    }

    @Test
    void plainTextTakesItsParametersFromTheOptions() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":1}")));

        template.sendBody("direct:classify", "I was charged twice");

        JsonNode body = submittedBody(0);
        assertEquals("classify", body.path("model").asText());
        assertEquals("I was charged twice", body.path("text").asText());
        assertEquals("Be strict", body.path("system_prompt").asText());
        assertEquals(JSON.readTree("[{\"name\":\"billing\",\"rubric\":\"Is it about money?\"},"
                                   + "{\"name\":\"tech\",\"rubric\":\"Is it about a bug?\"}]"), body.path("labels"));
    }

    @Test
    void aHeaderOverridesEachOption() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-2\",\"status\":\"queued\",\"total_count\":1}")));

        template.sendBodyAndHeaders("direct:extract", "Ada met Bob", Map.of(
                ScaleDownConstants.INSTRUCTIONS, "Names and dates",
                ScaleDownConstants.ENTITIES, Map.of("date", "a date")));
        template.sendBodyAndHeaders("direct:extract", "Ada met Bob", Map.of(ScaleDownConstants.MODEL, "summarize"));

        JsonNode overridden = submittedBody(0);
        assertEquals("Names and dates", overridden.path("instruction").asText());
        assertEquals(JSON.readTree("{\"date\":\"a date\"}"), overridden.path("entities"));
        JsonNode otherModel = submittedBody(1);
        assertEquals("summarize", otherModel.path("model").asText());
        assertEquals("Only names", otherModel.path("instructions").asText(), "the option fills what no header sets");
    }

    @Test
    void theBatchIdHeaderOverridesTheBatchIdOption() {
        api.stubFor(get("/v1/batches/from-header").willReturn(okJson("{\"batch_id\":\"from-header\",\"status\":\"queued\"}")));
        api.stubFor(get("/v1/batches/from-option").willReturn(okJson("{\"batch_id\":\"from-option\",\"status\":\"queued\"}")));

        template.sendBodyAndHeader("direct:status", null, ScaleDownConstants.BATCH_ID, "from-header");
        template.sendBody("direct:status", null);

        api.verify(1, getRequestedFor(urlEqualTo("/v1/batches/from-header")));
        api.verify(1, getRequestedFor(urlEqualTo("/v1/batches/from-option")));
    }

    private static JsonNode submittedBody(int request) throws Exception {
        String line = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(request).getBodyAsString().strip();
        return JSON.readTree(line).path("body");
    }
}
