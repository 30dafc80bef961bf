package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.builder.RouteBuilder;

// end::imports[]

/** The reference's {@code scaledown:output?outputMode=iterator} route. */
public class OutputIteratorRoute extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("direct:fetch")                     // the body or header CamelScaleDownBatchId names the batch
            .to("scaledown:output?outputMode=iterator")
            .split(body()).streaming()
                .to("log:item");
        // end::routes[]
    }
}
