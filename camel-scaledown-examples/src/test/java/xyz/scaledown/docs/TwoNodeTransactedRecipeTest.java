package xyz.scaledown.docs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import xyz.scaledown.examples.EmbeddedBroker;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reference's two-node {@code transacted()} recipe as written: two nodes (Camel contexts) on one H2 database and
 * one queue; 8 items in 4 batches of 2, none with a custom_id of its own, give 8 rows. With the generated ids
 * {@code item-0}, {@code item-1} of every batch, the idempotent consumer kept 2 of the 8.
 */
class TwoNodeTransactedRecipeTest {

    private static final int BATCHES = 4;

    @Test
    void eightItemsInFourBatchesOnTwoNodesGiveEightRows() throws Exception {
        DocsRun.inDocsWorkingDirectory();
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:two-node-recipe;DB_CLOSE_DELAY=-1");
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE summaries (id VARCHAR(200) PRIMARY KEY, summary VARCHAR(4000))");
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("work/broker"));
                ScaleDownSandbox sandbox = DocsRun.sandbox();
                CamelContext nodeA = node(sandbox, broker, database);
                CamelContext nodeB = node(sandbox, broker, database)) {
            ProducerTemplate producer = nodeA.createProducerTemplate();
            for (int batch = 1; batch <= BATCHES; batch++) {
                producer.sendBody("jms:queue:contracts", "[{\"model\": \"summarize\", \"text\": \"Contract " + batch
                        + "a. The parties agree on a price.\"}, {\"model\": \"summarize\", \"text\": \"Contract " + batch
                        + "b. The term is one year.\"}]");
                long created = batch;
                DocsRun.await("batch " + batch + " submitted", () -> sandbox.requestCounts().submit() >= created);
            }
            DocsRun.await("8 rows", () -> ids(database).size() == 2 * BATCHES);
        }
        List<String> ids = ids(database);
        assertEquals(2 * BATCHES, new HashSet<>(ids).size(), "one row per item: " + ids);
    }

    /** One node: its own DataSource on the database, its PlatformTransactionManager bean, the recipe's routes. */
    private static CamelContext node(ScaleDownSandbox sandbox, EmbeddedBroker broker, JdbcDataSource database)
            throws Exception {
        CamelContext node = DocsRun.camel(sandbox);
        DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(database);
        node.getRegistry().bind("scaledownDs", database);
        node.getRegistry().bind("transactionManager", transactionManager);
        node.addComponent("jms", JmsComponent.jmsComponent(broker.connectionFactory()));
        node.addRoutes(new TwoNodeTransactedRoutes(database, new TransactionTemplate(transactionManager)));
        node.start();
        return node;
    }

    private static List<String> ids(JdbcDataSource database) {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT id FROM summaries")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
