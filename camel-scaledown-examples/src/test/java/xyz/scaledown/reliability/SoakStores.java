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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.spi.AggregationRepository;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;

/**
 * The stores a soak runs on: in memory, a directory (the aggregation repository's and the tracker's), or one
 * PostgreSQL database serving both; and what they hold, read the way an operator would (files, rows of every table).
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
        private final Path aggregation;
        private final Path tracker;

        InDirectory(Path directory) {
            aggregation = directory.resolve("aggregation");
            tracker = directory.resolve("tracker");
        }

        @Override
        AggregationRepository aggregation() {
            return new FileScaleDownAggregationRepository(aggregation);
        }

        @Override
        void configure(ScaleDownConfiguration configuration) {
            configuration.setTrackerDirectory(tracker.toString());
        }

        /**
         * Files by directory and suffix (the part of the name from its first dot: names are encoded without dots).
         * Keys are the intents' {@code .intent.json} files; an intent without a batch id (an uncertain POST) keeps its
         * {@code .intent-ids} until the retention, for the report of a batch that may or may not exist.
         */
        @Override
        StoreContents contents() throws Exception {
            Map<String, Long> files = new TreeMap<>();
            List<Path> all = new ArrayList<>();
            for (Path root : List.of(aggregation, tracker)) {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> walk = Files.walk(root)) {
                        walk.filter(Files::isRegularFile).forEach(all::add);
                    }
                }
            }
            long keys = 0;
            List<String> uncertain = new ArrayList<>();
            Map<String, Long> others = new TreeMap<>();
            for (Path file : all) {
                String name = file.getFileName().toString();
                int dot = Math.max(0, name.indexOf('.'));
                String kind = name.endsWith(".lock") ? name : "*" + name.substring(dot);
                String where = file.getParent().getFileName() + "/" + kind;
                files.merge(where, 1L, Long::sum);
                if (name.endsWith(".intent.json")) {
                    keys++;
                    JsonNode batchId = JSON.readTree(file.toFile()).path("batch_id");
                    if (batchId.isMissingNode() || batchId.isNull()) {
                        uncertain.add(name.substring(0, dot));
                    }
                } else if (!name.endsWith(".lock") && !name.endsWith(".intent-ids")) {
                    others.merge(where, 1L, Long::sum);
                }
            }
            for (Path file : all) {
                String name = file.getFileName().toString();
                if (name.endsWith(".intent-ids") && !uncertain.contains(name.substring(0, name.indexOf('.')))) {
                    others.merge("intents/*.intent-ids of keys with a batch id", 1L, Long::sum);
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
         * Rows of every table of the schema. Keys are the rows of {@code scaledown_intent}; an intent without a batch
         * id (an uncertain POST) keeps its custom_ids in {@code scaledown_intent_item} until the retention.
         */
        @Override
        StoreContents contents() throws Exception {
            Map<String, Long> rows = new TreeMap<>();
            long uncertainKeys;
            long idsOfUncertainKeys;
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
                uncertainKeys = count(statement, "SELECT COUNT(*) FROM scaledown_intent WHERE batch_id IS NULL");
                idsOfUncertainKeys = count(statement, "SELECT COUNT(*) FROM scaledown_intent_item i JOIN"
                        + " scaledown_intent k ON k.intent_key = i.intent_key WHERE k.batch_id IS NULL");
            }
            List<String> keysWithIds = new ArrayList<>();
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                    ResultSet keys = statement.executeQuery("SELECT k.intent_key, k.batch_id, k.tracked, COUNT(*)"
                            + " FROM scaledown_intent k JOIN scaledown_intent_item i ON i.intent_key = k.intent_key"
                            + " GROUP BY k.intent_key, k.batch_id, k.tracked ORDER BY k.intent_key")) {
                while (keys.next()) {
                    keysWithIds.add(keys.getString(1) + " (batch " + keys.getString(2) + ", tracked "
                            + keys.getBoolean(3) + "): " + keys.getLong(4) + " ids");
                }
            }
            Map<String, Long> others = new TreeMap<>(rows);
            others.keySet().removeAll(List.of("scaledown_intent", "scaledown_intent_item"));
            others.values().removeIf(count -> count == 0);
            long idRows = rows.getOrDefault("scaledown_intent_item", 0L);
            if (idRows != idsOfUncertainKeys) {
                others.put("scaledown_intent_item of keys with a batch id", idRows - idsOfUncertainKeys);
            }
            return new StoreContents("rows " + rows + ", keys holding custom_ids " + keysWithIds,
                    rows.getOrDefault("scaledown_intent", 0L), uncertainKeys, others);
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
