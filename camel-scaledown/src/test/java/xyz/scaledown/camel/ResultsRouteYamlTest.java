package xyz.scaledown.camel;

import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.SummarizeResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The results route of the component docs, in the YAML DSL, on one known batch.
 */
class ResultsRouteYamlTest extends WireMockCamelTestSupport {

    private static final String ROUTES = """
            - route:
                from:
                  uri: scaledown:results
                  parameters:
                    batchId: b-yaml
                    delay: 20
                    initialDelay: 0
                  steps:
                    - choice:
                        when:
                          - simple: "${header.CamelScaleDownErrorCode} != null"
                            steps:
                              - to: mock:errors
                          - simple: "${header.CamelScaleDownModel} == 'summarize'"
                            steps:
                              - to: mock:summaries
                          - simple: "${header.CamelScaleDownModel} == 'classify'"
                            steps:
                              - to: mock:classifications
            """;

    @Test
    void theDocumentedYamlRouteSendsEachModelToItsOwnPlace() throws Exception {
        api.stubFor(get("/v1/batches/b-yaml").willReturn(okJson("{\"batch_id\":\"b-yaml\",\"status\":\"completed\"}")));
        api.stubFor(get("/v1/batches/b-yaml/output").willReturn(aResponse().withStatus(200).withBody(
                outputLine("a", "summarize", "{\"summary\":\"S\",\"input_chars\":9,\"output_chars\":1}") + "\n"
                + outputLine("b", "classify", "{\"top_label\":\"x\",\"scores\":{\"x\":1.0},\"reasoning\":\"r\"}") + "\n"
                + errorLine("c", "unprocessable", "empty") + "\n")));
        MockEndpoint summaries = getMockEndpoint("mock:summaries");
        MockEndpoint classifications = getMockEndpoint("mock:classifications");
        MockEndpoint errors = getMockEndpoint("mock:errors");
        summaries.expectedMessageCount(1);
        classifications.expectedMessageCount(1);
        errors.expectedHeaderReceived(ScaleDownConstants.CUSTOM_ID, "c");

        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("results.yaml", ROUTES));

        MockEndpoint.assertIsSatisfied(context);
        assertEquals(new SummarizeResult("S", 9, 1), summaries.getExchanges().get(0).getIn().getBody());
        assertEquals("x", classifications.getExchanges().get(0).getIn().getBody(ClassifyResult.class).topLabel());
    }
}
