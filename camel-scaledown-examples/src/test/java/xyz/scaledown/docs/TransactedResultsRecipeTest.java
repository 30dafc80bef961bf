package xyz.scaledown.docs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import xyz.scaledown.camel.model.SummarizeItem;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reference's recommended database recipe as written ({@link TransactedResultsRoutes}): 10 items give 10 rows,
 * each id once, and the batch leaves the store. {@code ExactlyOnceKillTest} kills such a node at several points.
 */
class TransactedResultsRecipeTest {

    @Test
    void tenItemsGiveTenRowsAndTheBatchLeavesTheStore() throws Exception {
        DocsRun.inDocsWorkingDirectory();
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:transacted-results-recipe;DB_CLOSE_DELAY=-1");
        execute(database, "CREATE TABLE summaries (id VARCHAR(200) PRIMARY KEY, summary VARCHAR(4000))");
        List<String> expected = IntStream.range(0, 10).mapToObj(i -> "contract-" + i).toList();
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext node = DocsRun.camel(sandbox)) {
            node.getRegistry().bind("scaledownDs", database);
            node.getRegistry().bind("transactionManager", new DataSourceTransactionManager(database));
            node.addRoutes(new TransactedResultsRoutes());
            node.start();
            node.createProducerTemplate().sendBody("direct:summarize", expected.stream()
                    .map(id -> SummarizeItem.of(id, "Contract " + id + ". The parties agree on a price.")).toList());
            DocsRun.await("10 rows and no batch left", () -> query(database, "SELECT id FROM summaries ORDER BY id")
                    .size() == 10 && query(database, "SELECT batch_id FROM scaledown_batch WHERE state <> 'delivered'").isEmpty());
        }
        assertEquals(expected, query(database, "SELECT id FROM summaries ORDER BY id"));
    }

    private static void execute(JdbcDataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> query(JdbcDataSource database, String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }
}
