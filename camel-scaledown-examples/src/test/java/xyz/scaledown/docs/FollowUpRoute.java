package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.builder.RouteBuilder;

// end::imports[]

/** The reference's results route that sends items the API did not answer again, in follow-up batches. */
public class FollowUpRoute extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("scaledown:results?maxAttempts=3")                    // resubmitOn: the default four codes
            .to("file:outbox/results");
        // end::routes[]
    }
}
