package xyz.scaledown.bench.polling;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * Issue 21's benchmark: a backlog of pending batches on PostgreSQL, read by several results-consumer nodes (one
 * CamelContext each, in this JVM, each with its own component, tracker, lease token and connection pool), against the
 * sandbox with long processing. Once with {@code maxPollInterval=0&maxBatchesPerPoll=<batches>} (every pending batch
 * at every poll, as before this change; the claim is the new one-statement claim) and once with the defaults. Per
 * variant: DB statements per poll per node, status calls per batch while pending for 120 x delay, the live heap of the
 * nodes above the same nodes idle, and the time from the last batch's completion to its last item delivered. The
 * batches are submitted through {@code scaledown:submit}, then their tracked submit time is moved 10 minutes back: a
 * backlog that has waited that long (so the adaptive interval is about a minute).
 * <p>
 * Arguments, or {@code -Dbench.backlog=batches,items,nodes,delay}: batches (10000), items per batch (10), nodes (3),
 * delay in ms (200).
 */
public final class PendingBacklogBench {

    private static final int BACKLOG_AGE_MINUTES = 10;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private PendingBacklogBench() {
    }

    public static void main(String[] arguments) throws Exception {
        String[] args = arguments.length > 0 ? arguments
                : System.getProperty("bench.backlog", "10000,10,3,200").split(",");
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long delay = args.length > 3 ? Long.parseLong(args[3]) : 200;
        System.out.printf(Locale.ROOT, "%d batches of %d items, %d nodes, delay=%d ms, pending window 120 x delay%n",
                batches, items, nodes, delay);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            // before: every pending batch at every poll, no cap on the batches a poll takes; after: the defaults
            for (String variant : List.of("maxPollInterval=0&maxBatchesPerPoll=" + batches, "default")) {
                run(postgres, variant, batches, items, nodes, delay);
            }
        }
    }

    private static void run(EmbeddedPostgres postgres, String variant, int batches, int items, int nodes, long delay)
            throws Exception {
        String database = "bench_" + variant.replaceAll("[^a-z0-9]", "_").toLowerCase(Locale.ROOT);
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = postgres.getJdbcUrl("postgres", database);
        long window = 120 * delay;
        // long enough that every batch is still processing when the window ends, whatever the submit takes
        long processing = Math.max(150_000, window * 6);
        List<HikariDataSource> pools = new ArrayList<>();
        List<CamelContext> contexts = new ArrayList<>();
        try (ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).queuedMillis(0)
                .processingMillis(processing).threads(8).build())) {
            CamelContext submitter = context(sandbox, pool(url, pools), "");
            submitter.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit").to("scaledown:submit?trackerDataSource=#ds");
                }
            });
            submitter.start();
            contexts.add(submitter);
            long submitStart = System.nanoTime();
            submitAll(submitter, batches, items);
            long lastCompletesAt = System.currentTimeMillis() + processing;
            // a backlog that has been waiting for a while: each batch's age counts from 10 minutes before its submit
            try (var connection = postgres.getDatabase("postgres", database).getConnection();
                 var statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE scaledown_batch SET submitted_at = submitted_at - INTERVAL '"
                                        + BACKLOG_AGE_MINUTES + " minutes'");
            }
            System.out.printf(Locale.ROOT, "[%s] submitted %d batches in %.1f s%n", variant, batches,
                    (System.nanoTime() - submitStart) / 1e9);

            AtomicLong delivered = new AtomicLong();
            AtomicLong lastDeliveredAt = new AtomicLong();
            List<CountingDataSource> counters = new ArrayList<>();
            String options = variant.equals("default") ? "" : "&" + variant;
            for (int n = 0; n < nodes; n++) {
                CountingDataSource counting = new CountingDataSource(pool(url, pools));
                counters.add(counting);
                CamelContext node = context(sandbox, counting.dataSource(), "node-" + n);
                node.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("scaledown:results?trackerDataSource=#ds&delay=" + delay + "&initialDelay=" + delay
                             + options).autoStartup(false).routeId("results")
                                .process(exchange -> {
                                    delivered.incrementAndGet();
                                    lastDeliveredAt.set(System.currentTimeMillis());
                                });
                    }
                });
                node.start();
                contexts.add(node);
            }
            long idleHeap = liveHeap();
            sandbox.requestCounts().reset();
            counters.forEach(CountingDataSource::reset);
            for (CamelContext node : contexts.subList(1, contexts.size())) {
                node.getRouteController().startRoute("results");
            }
            Thread.sleep(window);
            long statusCalls = sandbox.requestCounts().status();
            long pendingHeap = liveHeap();
            System.out.printf(Locale.ROOT, "[%s] in %d ms pending (120 x delay): %.2f status calls per batch;"
                                           + " live heap of the %d nodes %d MB above idle (%d MB per node)%n",
                    variant, window, (double) statusCalls / batches, nodes, (pendingHeap - idleHeap) >> 20,
                    ((pendingHeap - idleHeap) / nodes) >> 20);
            for (int n = 0; n < nodes; n++) {
                CountingDataSource c = counters.get(n);
                System.out.printf(Locale.ROOT, "[%s] node %d: %d polls, %d statements, %.2f statements per poll%n",
                        variant, n, c.claims.get(), c.statements.get(),
                        c.claims.get() == 0 ? 0.0 : (double) c.statements.get() / c.claims.get());
            }
            // a quiet stretch, nothing due for most polls in the adaptive variant
            counters.forEach(CountingDataSource::reset);
            Thread.sleep(10 * delay);
            for (int n = 0; n < nodes; n++) {
                CountingDataSource c = counters.get(n);
                System.out.printf(Locale.ROOT, "[%s] node %d, next 10 x delay: %d polls, %.2f statements per poll%n",
                        variant, n, c.claims.get(),
                        c.claims.get() == 0 ? 0.0 : (double) c.statements.get() / c.claims.get());
            }
            long expected = (long) batches * items;
            long deadline = System.currentTimeMillis() + processing + 600_000;
            while (delivered.get() < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "[%s] %d of %d items delivered; last delivered %.1f s after the last batch"
                                           + " completed; status calls in all %d (%.1f per batch)%n",
                    variant, delivered.get(), expected, (lastDeliveredAt.get() - lastCompletesAt) / 1000.0,
                    sandbox.requestCounts().status(), (double) sandbox.requestCounts().status() / batches);
        } finally {
            for (CamelContext context : contexts) {
                context.stop();
            }
            pools.forEach(HikariDataSource::close);
        }
    }

    private static void submitAll(CamelContext submitter, int batches, int items) throws Exception {
        ProducerTemplate template = submitter.createProducerTemplate();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int batch = b;
            sent.add(threads.submit(() -> {
                List<SummarizeItem> body = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    body.add(SummarizeItem.of("b" + batch + "-" + i, "Item " + i + " of batch " + batch
                                                                     + ": a text long enough to summarize."));
                }
                template.sendBody("direct:submit", body);
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        threads.shutdown();
    }

    private static CamelContext context(ScaleDownSandbox sandbox, javax.sql.DataSource dataSource, String name) {
        DefaultCamelContext context = new DefaultCamelContext();
        if (!name.isEmpty()) {
            context.getCamelContextExtension().setName(name);
        }
        context.getRegistry().bind("ds", dataSource);
        ScaleDownComponent component = new ScaleDownComponent();
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        component.getConfiguration().setApiKey("bench.key.pending-backlog");
        context.addComponent("scaledown", component);
        return context;
    }

    private static HikariDataSource pool(String url, List<HikariDataSource> pools) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
