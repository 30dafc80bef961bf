package xyz.scaledown.docs;

// tag::imports[]
import java.io.File;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

// end::imports[]

/** The reference's exactly-once recipe with a file tracker and a file idempotent repository. */
public class IdempotentResultsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("file:inbox/contracts")
            .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy())
                .completionTimeout(1000)
            .to("scaledown:submit?trackerDirectory=work/scaledown");

        from("scaledown:results?trackerDirectory=work/scaledown")
            .idempotentConsumer(header(ScaleDownConstants.CUSTOM_ID),
                    FileIdempotentRepository.fileIdempotentRepository(new File("work/scaledown/delivered.dat")))
                .eager(false) // record the id only once the side effect succeeded
            .to("file:outbox");
        // end::routes[]
    }
}
