package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

// end::imports[]

/** The reference's aggregator with its caps. */
public class BatchCapsRoute extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("file:inbox/contracts")
            .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                    .maxItems(500)                       // never more items in one batch
                    .maxBytes(10_000_000)                // nor more bytes of JSON Lines
                    .correlationHeaders("CamelFileName")) // given back on each result
                .completionTimeout(5000)                 // flush a partial batch
            .to("scaledown:submit");
        // end::routes[]
    }
}
