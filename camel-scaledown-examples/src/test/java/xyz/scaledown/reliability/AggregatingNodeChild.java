package xyz.scaledown.reliability;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * An aggregating node of {@link MultiNodeTest}: hands items one exchange at a time into an aggregator with the
 * {@link ScaleDownBatchAggregationStrategy} and a {@link JdbcScaleDownAggregationRepository}, and submits the batches
 * with {@code scaledown:submit} on the JDBC tracker; both stores are the shared PostgreSQL, and every node aggregates
 * under the same correlation key. Arguments: {@code <role> <baseUrl> <jdbcUrl> <items> <itemsPerBatch> <killAt>}.
 * <p>
 * Role {@code victim} hands in items {@code 0 .. killAt-1}, waits until the batches it completed so far are submitted
 * and confirmed, then prints {@code AT aggregating} and blocks before the aggregator until it is killed: the batch
 * being built holds its first items, not all. Role {@code survivor}, started beside it, hands in the items
 * {@code killAt .. items-1} into batches of its own and keeps running: once the victim's lease ran out, its recovery
 * takes the victim's open batch over, completes and submits it. A batch recovery cannot send goes to the dead letter
 * route of {@link RestartChild#printDead}.
 */
public final class AggregatingNodeChild {

    static final String VICTIM = "victim";
    static final String SURVIVOR = "survivor";
    static final String AT_KILL_POINT = "AT " + RestartChild.AGGREGATING;

    private AggregatingNodeChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean victim = VICTIM.equals(args[0]);
        int items = Integer.parseInt(args[3]);
        int itemsPerBatch = Integer.parseInt(args[4]);
        int killAt = Integer.parseInt(args[5]);
        HikariDataSource dataSource = TestDatabases.pool(args[2], TestDatabases.POSTGRES_USER);

        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(args[1]);
        configuration.setApiKey(MultiNodeChild.API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        configuration.setTrackerDataSource(dataSource);
        configuration.setLeaseDuration(MultiNodeChild.LEASE_MILLIS);
        context.addComponent("scaledown", component);

        JdbcScaleDownAggregationRepository repository =
                RestartChild.recoverable(new JdbcScaleDownAggregationRepository(dataSource));
        repository.setLeaseDuration(MultiNodeChild.LEASE_MILLIS);
        // the victim's half-built batch must not complete on its own before the kill; the survivor's batch is
        // flushed a moment after its last item
        long completionTimeout = victim ? 120_000 : 1_000;
        String stopBefore = MultiNodeTest.item(killAt).customId();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .process(exchange -> {
                            if (victim && exchange.getMessage().getBody(SummarizeItem.class).customId()
                                    .equals(stopBefore)) {
                                // the aggregator submits completed batches on a thread of its own: a kill during
                                // their POST is another case (RestartTest's in-post), so wait until they are confirmed
                                while (!repository.scan(exchange.getContext()).isEmpty()) {
                                    Thread.sleep(20);
                                }
                                RestartChild.stopHere(RestartChild.AGGREGATING);
                            }
                        })
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(itemsPerBatch))
                        .aggregationRepository(repository)
                        .completionTimeout(completionTimeout)
                        .to("scaledown:submit");

                from("direct:dead").process(RestartChild::printDead);
            }
        });
        context.start();
        System.out.println(MultiNodeChild.STARTED + " " + args[0]);
        ProducerTemplate template = context.createProducerTemplate();
        for (int i = victim ? 0 : killAt; i < items; i++) {
            template.sendBody("direct:in", MultiNodeTest.item(i));
        }
        System.out.println("SENT " + items);
        Thread.currentThread().join();
    }
}
