package xyz.scaledown.docs;

// tag::readme[]
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

public class FirstRoute extends RouteBuilder {

    @Override
    public void configure() {
        // anything -> batches -> ScaleDown
        from("file:inbox/contracts")
            .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy()
                    .maxItems(500).correlationHeaders("CamelFileName"))
                .completionTimeout(5000)
            .to("scaledown:submit");

        // tag::results[]
        // ScaleDown -> one exchange per result item -> per-model destinations
        from("scaledown:results?delay=5000")
            .choice()
                .when(header(ScaleDownConstants.ERROR_CODE).isNotNull()).to("file:outbox/errors")
                .when(header(ScaleDownConstants.MODEL).isEqualTo("summarize")).to("file:outbox/summaries")
                .when(header(ScaleDownConstants.MODEL).isEqualTo("extract")).to("file:outbox/entities")
                .when(header(ScaleDownConstants.MODEL).isEqualTo("classify")).to("file:outbox/classifications")
            .end();
        // end::results[]
    }
}
// end::readme[]
