package xyz.scaledown.docs;

// tag::imports[]
import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

// end::imports[]

/** The reference's durable batching in a database, with its dead letter route. */
public class DurableBatchingRoutes extends RouteBuilder {

    private final DataSource dataSource;

    /** @param dataSource the application's pooled DataSource, also bound as {@code scaledownDs} */
    public DurableBatchingRoutes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void configure() {
        // tag::routes[]
        JdbcScaleDownAggregationRepository repository = new JdbcScaleDownAggregationRepository(dataSource);
        repository.setRecoveryInterval(5000);          // scan for unconfirmed batches
        repository.setMaximumRedeliveries(5);          // then give up on a batch...
        repository.setDeadLetterUri("direct:unsent");  // ...and hand it here

        from("file:inbox/documents")
            .setHeader(ScaleDownConstants.MODEL, constant("summarize"))
            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(10_000))
                .aggregationRepository(repository)
                .completionTimeout(5000)
            .to("scaledown:submit?trackerDataSource=#scaledownDs");   // one store: aggregation, submit, results

        from("direct:unsent")                          // the body is a handle: read the items before the route ends
            .process(e -> e.getMessage().getBody(ScaleDownBatch.class).body()
                    .forEachCustomId(id -> log.warn("not submitted: {}", id)));
        // end::routes[]
    }
}
