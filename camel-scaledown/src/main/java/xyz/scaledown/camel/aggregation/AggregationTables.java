package xyz.scaledown.camel.aggregation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The three tables of {@link JdbcScaleDownAggregationRepository}; the same DDL runs on PostgreSQL and H2 2.x (the one
 * the component documentation shows). Other databases: create them with types of their own and set
 * {@code createTables=false}.
 */
final class AggregationTables {

    static final String BATCH = "scaledown_aggregation";
    static final String ITEM = "scaledown_aggregation_item";
    static final String NODE = "scaledown_aggregation_node";

    static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS " + BATCH + " ("
                    + "exchange_id VARCHAR(255) NOT NULL PRIMARY KEY, "
                    + "owner VARCHAR(255) NOT NULL, "
                    + "correlation_key VARCHAR(1024) NOT NULL, "
                    + "completed BOOLEAN NOT NULL, "
                    + "envelope BYTEA NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + ITEM + " ("
                    + "exchange_id VARCHAR(255) NOT NULL, "
                    + "item_index INTEGER NOT NULL, "
                    + "custom_id VARCHAR(1024) NOT NULL, "
                    + "request_line BYTEA NOT NULL, "
                    + "correlation VARCHAR, "
                    + "PRIMARY KEY (exchange_id, item_index))",
            "CREATE TABLE IF NOT EXISTS " + NODE + " ("
                    + "owner VARCHAR(255) NOT NULL PRIMARY KEY, "
                    + "lease_until TIMESTAMP WITH TIME ZONE NOT NULL)");
    /** One query reading every column this version uses: it fails on a missing table or a table of another version. */
    private static final List<String> CHECKS = List.of(
            "SELECT exchange_id, owner, correlation_key, completed, envelope FROM " + BATCH + " WHERE 1 = 0",
            "SELECT exchange_id, item_index, custom_id, request_line, correlation FROM " + ITEM + " WHERE 1 = 0",
            "SELECT owner, lease_until FROM " + NODE + " WHERE 1 = 0");

    private AggregationTables() {
    }

    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : DDL) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Fails with a message that says what to do when a table is missing ({@code createTables=false}) or was created by
     * an earlier version (its schema is not migrated).
     */
    static void check(Connection connection, boolean created) {
        for (String check : CHECKS) {
            String table = check.substring(check.indexOf(" FROM ") + 6, check.indexOf(" WHERE"));
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery(check).close();
            } catch (SQLException e) {
                throw new IllegalStateException("ScaleDown aggregation repository: table " + table + (created
                        ? " lacks columns of this version (it was created by an earlier one, whose schema is not"
                                + " migrated): drop it once its batches are submitted, or recreate it with the DDL in"
                                + " the component docs (section Durable batching)"
                        : " is missing or unreadable and createTables=false: create it with the DDL in the component"
                                + " docs (section Durable batching), or set createTables=true")
                        + " (" + e.getMessage() + ")", e);
            }
        }
    }
}
