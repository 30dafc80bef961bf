package xyz.scaledown.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.spi.AggregationRepository;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * The stores a soak runs on: in memory, one directory or one PostgreSQL database serving the aggregation repository
 * and the tracker; and what they hold, read the way an operator would (files, rows of every table).
 */
abstract class SoakStores implements AutoCloseable {

    static SoakStores of(String name, Path directory) {
        return switch (name) {
            case "memory" -> new InMemory();
            case "directory" -> new InDirectory(directory);
            case "postgres" -> new OnPostgres();
            default -> throw new IllegalArgumentException("no soak stores named " + name);
        };
    }

    /** Whether anything outlives the application. */
    boolean durable() {
        return true;
    }

    /** A new repository over the stores (one per application), or null for Camel's memory repository. */
    abstract AggregationRepository aggregation();

    /** Points the component's tracker at the stores. */
    abstract void configure(ScaleDownConfiguration configuration);

    /** What the stores hold now. */
    abstract StoreContents contents() throws Exception;

    @Override
    public void close() {
    }

    private static final class InMemory extends SoakStores {
        @Override
        boolean durable() {
            return false;
        }

        @Override
        AggregationRepository aggregation() {
            return null;
        }

        @Override
        void configure(ScaleDownConfiguration configuration) {
        }

        @Override
        StoreContents contents() {
            throw new UnsupportedOperationException("nothing outlives the application");
        }
    }

    private static final class InDirectory extends SoakStores {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path store;

        InDirectory(Path directory) {
            store = directory.resolve("store");
        }

        /** The aggregation repository and the tracker on one directory: its batches are the tracker's records. */
        @Override
        AggregationRepository aggregation() {
            return new FileScaleDownAggregationRepository(store);
        }

        @Override
        void configure(ScaleDownConfiguration configuration) {
            configuration.setTrackerDirectory(store.toString());
        }

        /**
         * Files by suffix (the part of the name from its first dot: names are encoded without dots). Keys are the
         * records, {@code <stem>.batch.json}, {@code delivered} or still {@code posting} (an uncertain POST, which
         * keeps its {@code .items} until the retention, for the report of a batch that may or may not exist). Any
         * other record (a batch open, completed or not yet delivered) or file is left over.
         */
        @Override
        StoreContents contents() throws Exception {
            Map<String, Long> files = new TreeMap<>();
            List<Path> all = new ArrayList<>();
            if (Files.isDirectory(store)) {
                try (Stream<Path> list = Files.list(store)) {
                    list.filter(Files::isRegularFile).forEach(all::add);
                }
            }
            long keys = 0;
            List<String> uncertain = new ArrayList<>();
            Map<String, Long> others = new TreeMap<>();
            for (Path file : all) {
                String name = file.getFileName().toString();
                int dot = Math.max(0, name.indexOf('.'));
                String kind = name.endsWith(".lock") ? name : "*" + name.substring(dot);
                files.merge(kind, 1L, Long::sum);
                if (name.endsWith(".batch.json")) {
                    String state = JSON.readTree(file.toFile()).path("state").asText();
                    if ("delivered".equals(state)) {
                        keys++;
                    } else if ("posting".equals(state)) {
                        keys++;
                        uncertain.add(name.substring(0, dot));
                    } else {
                        others.merge(kind + " (" + state + ")", 1L, Long::sum);
                    }
                } else if (!name.endsWith(".lock") && !name.endsWith(".items")) {
                    others.merge(kind, 1L, Long::sum);
                }
            }
            for (Path file : all) {
                String name = file.getFileName().toString();
                if (name.endsWith(".items") && !uncertain.contains(name.substring(0, name.indexOf('.')))) {
                    others.merge("*.items of a record not posting", 1L, Long::sum);
                }
            }
            return new StoreContents("files " + files, keys, uncertain.size(), others);
        }
    }

    private static final class OnPostgres extends SoakStores {
        private final HikariDataSource database = TestDatabases.newPostgresDatabase();

        @Override
        AggregationRepository aggregation() {
            return new JdbcScaleDownAggregationRepository(database);
        }

        @Override
        void configure(ScaleDownConfiguration configuration) {
            configuration.setTrackerDataSource(database);
        }

        /**
         * Rows of every table of the schema. Keys are the rows of {@code scaledown_batch} with a submit key, delivered
         * or still {@code posting} (an uncertain POST, which keeps its custom_ids in {@code scaledown_item} until the
         * retention); any other batch row, and item rows of other batches, are left over.
         */
        @Override
        StoreContents contents() throws Exception {
            Map<String, Long> rows = new TreeMap<>();
            long keys;
            long uncertainKeys;
            long idsOfUncertainKeys;
            long otherBatches;
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    rows.put(table, count(statement, "SELECT COUNT(*) FROM " + table));
                }
                keys = count(statement, "SELECT COUNT(*) FROM scaledown_batch WHERE submit_key IS NOT NULL"
                        + " AND state IN ('delivered', 'posting')");
                uncertainKeys = count(statement, "SELECT COUNT(*) FROM scaledown_batch WHERE state = 'posting'");
                idsOfUncertainKeys = count(statement, "SELECT COUNT(*) FROM scaledown_item i JOIN scaledown_batch b"
                        + " ON b.batch_key = i.batch_key WHERE b.state = 'posting'");
            }
            Map<String, Long> others = new TreeMap<>(rows);
            others.keySet().removeAll(List.of("scaledown_batch", "scaledown_item"));
            others.values().removeIf(count -> count == 0);
            otherBatches = rows.getOrDefault("scaledown_batch", 0L) - keys;
            if (otherBatches != 0) {
                others.put("scaledown_batch rows that are not keys", otherBatches);
            }
            long idRows = rows.getOrDefault("scaledown_item", 0L);
            if (idRows != idsOfUncertainKeys) {
                others.put("scaledown_item of batches not posting", idRows - idsOfUncertainKeys);
            }
            return new StoreContents("rows " + rows, keys, uncertainKeys, others);
        }

        private static long count(Statement statement, String sql) throws Exception {
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getLong(1);
            }
        }

        @Override
        public void close() {
            database.close();
        }
    }
}
