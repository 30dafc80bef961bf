package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.builder.RouteBuilder;

// end::imports[]

/** The reference's singleton results route behind {@code master:} (camel-master and a cluster service). */
public class MasterRoute extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        from("master:scaledown-results:scaledown:results?trackerDataSource=#scaledownDs")
            .to("direct:deliver");
        // end::routes[]
    }
}
