package xyz.scaledown.reliability;

import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * The results node of {@link ExactlyOnceKillTest}: a route {@code transacted()} on the DataSource of the JDBC store
 * that inserts each item into {@code summaries}, with no idempotent repository. Arguments:
 * {@code <baseUrl> <jdbcUrl> <stop> <at>}: at the {@code at}th exchange of this run, the node stops for good where
 * {@code stop} says and prints {@code AT <stop> <custom_id>}, for the test to kill it there:
 * <ul>
 * <li>{@code in-transaction}: after the insert, before the commit;</li>
 * <li>{@code after-commit}: after the transaction committed, before the exchange completes;</li>
 * <li>{@code none}: never (the test kills the node wherever it is).</li>
 * </ul>
 */
public final class ExactlyOnceKillChild {

    static final String API_KEY = "fake.key.exactly-once.4b2e";
    static final long LEASE_MILLIS = 1_500;
    static final String STARTED = "STARTED";
    static final String AT = "AT";

    private ExactlyOnceKillChild() {
    }

    public static void main(String[] args) throws Exception {
        HikariDataSource dataSource = TestDatabases.pool(args[1], TestDatabases.POSTGRES_USER);
        String stop = args[2];
        int at = Integer.parseInt(args[3]);
        AtomicInteger exchanges = new AtomicInteger();

        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(args[0]);
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        configuration.setTrackerDataSource(dataSource);
        configuration.setLeaseDuration(LEASE_MILLIS);
        context.addComponent("scaledown", component);
        context.getRegistry().bind("ds", dataSource);
        context.getRegistry().bind("required",
                new SpringTransactionPolicy(new DataSourceTransactionManager(dataSource)));

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?delay=20&initialDelay=0").routeId("results")
                        .process(exchange -> exchanges.incrementAndGet())
                        .to("direct:store")
                        .process(stopIf("after-commit", stop, at, exchanges));
                from("direct:store").routeId("store")
                        .transacted("required")
                        .to("sql:INSERT INTO summaries (custom_id, batch_id) VALUES (:#${header.CamelScaleDownCustomId},"
                            + " :#${header.CamelScaleDownBatchId})?dataSource=#ds")
                        .process(stopIf("in-transaction", stop, at, exchanges));
            }
        });
        context.start();
        System.out.println(STARTED);
        Thread.currentThread().join();
    }

    private static Processor stopIf(String here, String stop, int at, AtomicInteger exchanges) {
        return (Exchange exchange) -> {
            if (here.equals(stop) && exchanges.get() == at) {
                System.out.println(AT + " " + here + " "
                                   + exchange.getMessage().getHeader(ScaleDownConstants.CUSTOM_ID, String.class));
                System.out.flush();
                Thread.currentThread().join();
            }
        };
    }
}
