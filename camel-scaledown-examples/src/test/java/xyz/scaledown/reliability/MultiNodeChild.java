package xyz.scaledown.reliability;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * One node of {@link MultiNodeTest}: a results consumer on the shared JDBC tracker. Arguments:
 * {@code <node> <baseUrl> <jdbcUrl> <arrivalsFile>}.
 * <p>
 * Every exchange is first appended to the arrivals file ({@code batchId customId}: what reached the route,
 * duplicates included; written through to the OS, so it survives the process being killed), then, in one
 * transaction, passes camel-sql's {@link JdbcMessageIdRepository} keyed on the custom_id and is written to
 * {@code delivered}: the key and the side effect commit together, so a duplicate is removed whether the
 * node died before or after that commit.
 */
public final class MultiNodeChild {

    static final String API_KEY = "fake.key.multi-node.7c1d09";
    static final long LEASE_MILLIS = 2_000;
    static final String STARTED = "STARTED";

    private MultiNodeChild() {
    }

    public static void main(String[] args) throws Exception {
        String node = args[0];
        HikariDataSource dataSource = TestDatabases.pool(args[2], TestDatabases.POSTGRES_USER);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);

        Writer arrivals = Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8);
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(args[1]);
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        configuration.setTrackerDataSource(dataSource);
        configuration.setLeaseDuration(LEASE_MILLIS);
        configuration.setProgressLogInterval(500);
        context.addComponent("scaledown", component);
        context.getRegistry().bind("nodeDataSource", dataSource);
        context.getRegistry().bind("required", new SpringTransactionPolicy(transactions));
        JdbcMessageIdRepository delivered = new JdbcMessageIdRepository(dataSource,
                new TransactionTemplate(transactions), "scaledown-results");
        delivered.setCreateTableIfNotExists(false);

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scaledown:results?delay=20&initialDelay=0").routeId("results-" + node)
                        .process(exchange -> recordArrival(arrivals, exchange))
                        .transacted("required")
                        .idempotentConsumer(header(ScaleDownConstants.CUSTOM_ID), delivered)
                        .to("sql:INSERT INTO delivered (custom_id, batch_id, node, error_code) VALUES"
                            + " (:#${header.CamelScaleDownCustomId}, :#${header.CamelScaleDownBatchId}, '" + node + "',"
                            + " :#${header.CamelScaleDownErrorCode})?dataSource=#nodeDataSource");
            }
        });
        context.start();
        System.out.println(STARTED + " " + node);
        Thread.currentThread().join();
    }

    private static void recordArrival(Writer arrivals, Exchange exchange) throws IOException {
        arrivals.write(exchange.getMessage().getHeader(ScaleDownConstants.BATCH_ID, String.class) + " "
                       + exchange.getMessage().getHeader(ScaleDownConstants.CUSTOM_ID, String.class) + "\n");
        arrivals.flush();
    }
}
