package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownErrorCodes;

// end::imports[]

/** The reference's route that handles each error code. */
public class ErrorCodesRoute extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("scaledown:results?delay=5000")
            .choice()
                .when(header(ScaleDownConstants.ERROR_CODE).in(ScaleDownErrorCodes.BATCH_TIMEOUT,
                        ScaleDownErrorCodes.BATCH_UNREACHABLE))
                    .to("direct:resubmit")              // the API never said what became of it: send it again
                .when(header(ScaleDownConstants.ERROR_CODE).in(ScaleDownErrorCodes.BATCH_FAILED,
                        ScaleDownErrorCodes.BATCH_EXPIRED, ScaleDownErrorCodes.BATCH_CANCELLED,
                        ScaleDownErrorCodes.MISSING_FROM_OUTPUT))
                    .to("file:outbox/not-processed")    // the batch ended without this item's result
                .when(header(ScaleDownConstants.ERROR_CODE).isNotNull())
                    .to("file:outbox/errors")           // invalid_output_line, or the API's own per-item code
                .otherwise()
                    .to("file:outbox/results")
            .end();
        // end::routes[]
    }
}
