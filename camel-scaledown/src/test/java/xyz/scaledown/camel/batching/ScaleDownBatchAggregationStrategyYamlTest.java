package xyz.scaledown.camel.batching;

import java.util.List;
import java.util.Map;

import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScaleDownBatchAggregationStrategyYamlTest extends CamelTestSupport {

    private static final String ROUTES = """
            - beans:
                - name: batcher
                  type: xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy
                  properties:
                    maxItems: 2
                    correlationHeaders: "ticketId, source"
                    customIdPrefix: "yaml-"
            - route:
                from:
                  uri: direct:in
                  steps:
                    - aggregate:
                        aggregationStrategy: "#batcher"
                        correlationExpression:
                          constant: "all"
                        completionTimeout: 300
                        steps:
                          - to: mock:out
            """;

    @Test
    void worksAsABeanFromTheYamlDsl() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("batching.yaml", ROUTES));
        MockEndpoint mock = getMockEndpoint("mock:out");
        mock.expectedMessageCount(2);
        for (int i = 0; i < 3; i++) {
            template.sendBodyAndHeader("direct:in", SummarizeItem.of(null, "t" + i), "ticketId", i);
        }
        mock.assertIsSatisfied();
        ScaleDownBatch first = mock.getReceivedExchanges().get(0).getMessage().getBody(ScaleDownBatch.class);
        assertEquals(2, first.size(), "maxItems from YAML caps the batch");
        String firstId = "yaml-" + first.customIdKey() + "-0";
        assertEquals(firstId, first.items().get(0).customId(), "customIdPrefix from YAML names the generated ids");
        assertEquals(Map.of("ticketId", 0), first.correlations().get(firstId));
        assertEquals(List.of(2, 1), mock.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(ScaleDownBatch.class).size()).toList());
    }
}
