package xyz.scaledown.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/**
 * inbox/*.txt -> batches -> ScaleDown summarize -> outbox/summarize/&lt;name&gt;.json, error items to outbox/errors.
 */
@Component
public class FilesPipelineRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("file:{{scaledown.example.work-dir}}/inbox?charset=UTF-8&initialDelay=0&delay={{scaledown.example.inbox-delay}}")
                .routeId("files-inbox")
                .convertBodyTo(String.class)
                .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
                .aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                        .maxItems(100).correlationHeaders("CamelFileName"))
                    .completionTimeout("{{scaledown.example.batch-timeout}}")
                .to("scaledown:submit");

        from("scaledown:results?initialDelay=0&delay={{scaledown.example.results-delay}}")
                .routeId("files-results")
                .convertBodyTo(String.class)
                .choice()
                    .when(header(ScaleDownConstants.ERROR_CODE).isNotNull())
                        .toD("file:{{scaledown.example.work-dir}}/outbox/errors?fileName=${header.CamelFileName}.json")
                    .otherwise()
                        .toD("file:{{scaledown.example.work-dir}}/outbox/${header." + ScaleDownConstants.MODEL
                             + "}?fileName=${header.CamelFileName}.json")
                .end();
    }
}
