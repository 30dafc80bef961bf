package xyz.scaledown.docs;

// tag::imports[]
import org.apache.camel.builder.RouteBuilder;

// end::imports[]

/**
 * The reference's recommended database recipe: the results route {@code transacted()} on the DataSource of the JDBC
 * store, so each insert and its item's delivered mark commit together. Needs camel-sql, camel-spring, spring-jdbc and
 * one PlatformTransactionManager bean on that DataSource.
 */
public class TransactedResultsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // tag::routes[]
        // scaledownDs: the application's pooled DataSource (PostgreSQL or H2), with a DataSourceTransactionManager on it
        from("direct:summarize")                                           // a List of items per message
            .to("scaledown:submit?trackerDataSource=#scaledownDs");

        from("scaledown:results?trackerDataSource=#scaledownDs")
            .transacted()                            // the insert and the item's delivered mark commit together
            .to("sql:insert into summaries (id, summary) values (:#${header.CamelScaleDownCustomId}, :#${body.summary})");
        // end::routes[]
    }
}
