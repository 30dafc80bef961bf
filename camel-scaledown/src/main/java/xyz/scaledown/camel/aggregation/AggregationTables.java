package xyz.scaledown.camel.aggregation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The two tables of {@link JdbcScaleDownAggregationRepository}; the same DDL runs on PostgreSQL and H2 2.x (the one the
 * component documentation shows). Other databases: create them with types of their own and set
 * {@code createTables=false}.
 */
final class AggregationTables {

    static final String BATCH = "scaledown_aggregation";
    static final String ITEM = "scaledown_aggregation_item";

    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS " + BATCH + " ("
                    + "exchange_id VARCHAR(255) NOT NULL PRIMARY KEY, "
                    + "correlation_key VARCHAR(1024) NOT NULL, "
                    + "completed BOOLEAN NOT NULL, "
                    + "envelope BYTEA NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + ITEM + " ("
                    + "exchange_id VARCHAR(255) NOT NULL, "
                    + "item_index INTEGER NOT NULL, "
                    + "custom_id VARCHAR(1024) NOT NULL, "
                    + "request_line BYTEA NOT NULL, "
                    + "correlation VARCHAR, "
                    + "PRIMARY KEY (exchange_id, item_index))");

    private AggregationTables() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : DDL) {
                statement.execute(sql);
            }
        }
    }

    /** Fails with a message that says what to do when a table is missing ({@code createTables=false}). */
    static void check(Connection connection) {
        for (String table : List.of(BATCH, ITEM)) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            } catch (SQLException e) {
                throw new IllegalStateException("ScaleDown aggregation repository: table " + table + " is missing or"
                        + " unreadable and createTables=false: create it with the DDL in the component docs (section"
                        + " Durable batching), or set createTables=true (" + e.getMessage() + ")", e);
            }
        }
    }
}
