package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

// end::imports[]

/** The reference's aggregator that sends its batch out with the last file of a poll. */
public class EndOfInputRoute extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("file:inbox/contracts")
            .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
            .setHeader(Exchange.AGGREGATION_COMPLETE_ALL_GROUPS_INCLUSIVE, exchangeProperty(Exchange.BATCH_COMPLETE))
            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(500))
                .completionTimeout(5000).completionTimeoutCheckerInterval(500)
            .to("scaledown:submit");
        // end::routes[]
    }
}
