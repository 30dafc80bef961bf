package xyz.scaledown.camel.tracking.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's tables ({@code schema.sql}, the same DDL on PostgreSQL and H2): created at start when missing, or
 * only checked when the DBAs own the schema ({@code createTables=false}).
 */
final class TrackerSchema {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerSchema.class);
    private static final List<String> TABLES = List.of("scaledown_batch", "scaledown_item");
    /** A column the tables of the 0.1.0 snapshot and earlier ones lack: they are not migrated. */
    private static final String NEW_COLUMN = "owner_until";
    /** The item column of the snapshot before the owner fence moved to the batch key; it is not migrated either. */
    private static final String OLD_ITEM_COLUMN = "owner";
    private static final String MOVED_KEYS = "scaledown_moved_key";

    private TrackerSchema() {
    }

    static void prepare(Connection connection, TrackerDialect dialect, boolean createTables) throws SQLException {
        List<String> missing = missingTables(connection);
        if (missing.isEmpty()) {
            if (!readable(connection, "scaledown_batch", NEW_COLUMN)) {
                throw earlierSnapshot("table scaledown_batch has no column " + NEW_COLUMN);
            }
            if (readable(connection, "scaledown_item", OLD_ITEM_COLUMN)) {
                throw earlierSnapshot("table scaledown_item has a column " + OLD_ITEM_COLUMN);
            }
            prepareMovedKeys(connection, dialect, createTables);
            return;
        }
        if (!createTables) {
            throw new IllegalStateException("trackerDataSource: table(s) " + String.join(", ", missing) + " missing and"
                                            + " createTables=false: create them with the DDL in the component docs"
                                            + " (section JDBC tracker), or set createTables=true");
        }
        try {
            execute(connection, sql -> true);
        } catch (SQLException e) {
            // another node starting at the same moment may have created them first
            if (!missingTables(connection).isEmpty()) {
                throw e;
            }
        }
        LOG.info("Created the ScaleDown tracker tables {}", TABLES);
    }

    private static IllegalStateException earlierSnapshot(String found) {
        return new IllegalStateException("trackerDataSource: " + found + ": it was created by an earlier snapshot,"
                                         + " whose tables are not migrated; let its batches be delivered, then drop"
                                         + " its tables (see the component docs, section JDBC tracker)");
    }

    /**
     * The sequence a take-over draws an open batch's new key from: found at start, not when a node died and its batches
     * wait to be taken over. Drawing one value to check it leaves a gap, as any sequence may have.
     */
    private static void prepareMovedKeys(Connection connection, TrackerDialect dialect, boolean createTables)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT " + dialect.movedKey()).close();
            Sql.commitIfManual(connection);
            return;
        } catch (SQLException e) {
            Sql.rollbackIfManual(connection);
            if (!createTables) {
                throw new IllegalStateException("trackerDataSource: sequence " + MOVED_KEYS + " missing and"
                                                + " createTables=false: create it with the DDL in the component docs"
                                                + " (section JDBC tracker), or set createTables=true", e);
            }
        }
        execute(connection, sql -> sql.startsWith("CREATE SEQUENCE"));
        LOG.info("Created the ScaleDown tracker sequence {}", MOVED_KEYS);
    }

    /** Runs the DDL statements {@code which} picks, in order, and commits them. */
    private static void execute(Connection connection, Predicate<String> which) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements()) {
                if (which.test(sql)) {
                    statement.execute(sql);
                }
            }
            Sql.commitIfManual(connection);
        }
    }

    /** The DDL statements, in order. */
    static List<String> statements() {
        try (InputStream in = TrackerSchema.class.getResourceAsStream("schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema.sql is missing from the camel-scaledown jar");
            }
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^[ \\t]*--.*$", "");
            return Arrays.stream(ddl.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema.sql", e);
        }
    }

    private static List<String> missingTables(Connection connection) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            if (!readable(connection, table, "*")) {
                missing.add(table);
            }
        }
        return missing;
    }

    /**
     * Whether the table has the columns: a query that reads no row, its names resolved as the tracker's own
     * statements resolve them; it fails with an SQL state of class 42 on a missing table or column.
     */
    private static boolean readable(Connection connection, String table, String columns) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT " + columns + " FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("42")) {
                throw e;
            }
            Sql.rollbackIfManual(connection); // PostgreSQL takes no more statements in a failed transaction
            return false;
        }
    }
}
