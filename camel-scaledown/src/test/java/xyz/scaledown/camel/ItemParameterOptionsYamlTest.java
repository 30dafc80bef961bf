package xyz.scaledown.camel;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The item parameters in the YAML DSL: as endpoint parameters, and as properties of the aggregation strategy bean.
 * Labels and entities are text there (YAML bean properties take no lists): JSON, or {@code key:value;key:value}.
 */
class ItemParameterOptionsYamlTest extends WireMockCamelTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROUTES = """
            - beans:
                - name: batcher
                  type: xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy
                  properties:
                    maxItems: 2
                    model: classify
                    systemPrompt: Triage tickets
                    labels: >-
                      [{"name": "billing", "rubric": "Is it about money?"},
                       {"name": "tech", "rubric": "Is it about a bug?"}]
            - route:
                from:
                  uri: direct:tickets
                  steps:
                    - aggregate:
                        aggregationStrategy: "#batcher"
                        correlationExpression:
                          constant: "all"
                        completionTimeout: 200
                        steps:
                          - to: scaledown:submit?trackSubmitted=false
            - route:
                from:
                  uri: direct:contracts
                  steps:
                    - to:
                        uri: scaledown:submit
                        parameters:
                          trackSubmitted: false
                          model: extract
                          entities: "party:a party to the contract;date:a date"
            """;

    @Test
    void theStrategyBeanAndTheEndpointTakeTheParametersFromYaml() throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-y\",\"status\":\"queued\",\"total_count\":2}")));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("items.yaml", ROUTES));

        template.sendBody("direct:tickets", "I was charged twice");
        template.sendBody("direct:tickets", "The app crashes");
        template.sendBody("direct:contracts", "ACME and Bob signed on 1 May");
        awaitTrue(() -> api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).size() == 2);

        List<JsonNode> bodies = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).stream()
                .flatMap(request -> request.getBodyAsString().lines())
                .map(ItemParameterOptionsYamlTest::body).toList();
        JsonNode extract = bodies.stream().filter(b -> b.path("model").asText().equals("extract")).findFirst().orElseThrow();
        assertEquals(JSON.readTree("{\"party\":\"a party to the contract\",\"date\":\"a date\"}"), extract.path("entities"));
        List<JsonNode> classify = bodies.stream().filter(b -> b.path("model").asText().equals("classify")).toList();
        assertEquals(2, classify.size());
        for (JsonNode item : classify) {
            assertEquals("Triage tickets", item.path("system_prompt").asText());
            assertEquals(JSON.readTree("[{\"name\":\"billing\",\"rubric\":\"Is it about money?\"},"
                                       + "{\"name\":\"tech\",\"rubric\":\"Is it about a bug?\"}]"), item.path("labels"));
        }
    }

    private static JsonNode body(String line) {
        try {
            return JSON.readTree(line).path("body");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
