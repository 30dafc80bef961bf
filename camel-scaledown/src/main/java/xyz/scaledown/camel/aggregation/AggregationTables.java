package xyz.scaledown.camel.aggregation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The two tables of {@link JdbcScaleDownAggregationRepository}, with the column types of PostgreSQL or H2 (the DDL
 * the component documentation shows). Other databases: create them yourself and set {@code createTables=false}.
 */
final class AggregationTables {

    static final String BATCH = "scaledown_aggregation";
    static final String ITEM = "scaledown_aggregation_item";

    private AggregationTables() {
    }

    static List<String> ddl(String databaseProduct) {
        boolean postgres = databaseProduct.toLowerCase(Locale.ROOT).contains("postgres");
        String binary = postgres ? "BYTEA" : "VARBINARY(1000000000)";
        String text = postgres ? "TEXT" : "VARCHAR(1000000000)";
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + BATCH + " ("
                        + "exchange_id VARCHAR(255) NOT NULL PRIMARY KEY, "
                        + "correlation_key VARCHAR(1024) NOT NULL, "
                        + "completed BOOLEAN NOT NULL, "
                        + "envelope " + binary + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + ITEM + " ("
                        + "exchange_id VARCHAR(255) NOT NULL, "
                        + "item_index INTEGER NOT NULL, "
                        + "custom_id VARCHAR(1024) NOT NULL, "
                        + "request_line " + binary + " NOT NULL, "
                        + "correlation " + text + ", "
                        + "PRIMARY KEY (exchange_id, item_index))");
    }

    static void create(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl(product)) {
                statement.execute(sql);
            }
        }
    }
}
