package xyz.scaledown.camel.aggregation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Processor;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The durable route of the component docs, in the YAML DSL: the repository as a bean, its options as properties. */
class DurableBatchingYamlTest extends CamelTestSupport {

    @TempDir
    Path directory;

    @Test
    void theFileRepositoryIsABeanOfTheYamlDsl() throws Exception {
        String routes = """
                - beans:
                    - name: batcher
                      type: xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy
                    - name: scaledownAggregation
                      type: xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository
                      properties:
                        directory: %s
                        maximumRedeliveries: 5
                        deadLetterUri: mock:unsent
                - route:
                    from:
                      uri: direct:in
                      steps:
                        - aggregate:
                            aggregationStrategy: "#batcher"
                            aggregationRepository: "#scaledownAggregation"
                            correlationExpression:
                              constant: "all"
                            completionTimeout: 300
                            steps:
                              - process:
                                  ref: readItems
                              - to: mock:out
                """.formatted(directory);
        List<String> read = new ArrayList<>();
        context.getRegistry().bind("readItems", (Processor) exchange ->
                exchange.getMessage().getBody(ScaleDownBatch.class).body().forEachCustomId(read::add));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("durable.yaml", routes));
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);

        template.sendBody("direct:in", SummarizeItem.of("a", "first"));
        template.sendBody("direct:in", SummarizeItem.of("b", "second"));

        out.assertIsSatisfied();
        FileScaleDownAggregationRepository repository = context.getRegistry()
                .lookupByNameAndType("scaledownAggregation", FileScaleDownAggregationRepository.class);
        assertEquals(directory.toString(), repository.getDirectory());
        assertEquals(5, repository.getMaximumRedeliveries());
        assertEquals(List.of("a", "b"), read, "the items streamed from the store");
        assertInstanceOf(ScaleDownBatch.class, out.getReceivedExchanges().get(0).getMessage().getBody());
    }
}
