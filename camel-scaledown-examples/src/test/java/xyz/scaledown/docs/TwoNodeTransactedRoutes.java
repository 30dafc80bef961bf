package xyz.scaledown.docs;

// tag::imports[]
import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.transaction.support.TransactionTemplate;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

// end::imports[]

/**
 * The reference's recipe for several nodes: the same routes on every node, one database. Needs camel-sql,
 * camel-spring, spring-jdbc and one PlatformTransactionManager bean.
 */
public class TwoNodeTransactedRoutes extends RouteBuilder {

    private final DataSource scaledownDs;
    private final TransactionTemplate transactionTemplate;

    public TwoNodeTransactedRoutes(DataSource scaledownDs, TransactionTemplate transactionTemplate) {
        this.scaledownDs = scaledownDs;
        this.transactionTemplate = transactionTemplate;
    }

    @Override
    public void configure() {
        // tag::routes[]
        // the same routes on every node; scaledownDs is the application's pooled DataSource (PostgreSQL or H2)
        from("jms:queue:contracts")              // each message: JSON items, [{"model": "summarize", "text": "..."}]
            .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(500))
                .completionTimeout(1000)
            .to("scaledown:submit?trackerDataSource=#scaledownDs");

        from("scaledown:results?trackerDataSource=#scaledownDs")
            .transacted()                                                  // key and side effect commit together
            .idempotentConsumer(header(ScaleDownConstants.CUSTOM_ID),
                    new JdbcMessageIdRepository(scaledownDs, transactionTemplate, "scaledown-results"))
            .to("sql:insert into summaries (id, summary) values (:#${header.CamelScaleDownCustomId}, :#${body.summary})");
        // end::routes[]
    }
}
