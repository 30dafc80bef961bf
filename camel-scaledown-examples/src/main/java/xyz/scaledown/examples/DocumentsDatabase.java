package xyz.scaledown.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded H2 database of the database example: one table {@code documents} (id, model, title, text, status,
 * result, error, batch_id, node), created and filled from {@code xyz/scaledown/examples/samples/database/*.sql}; the ScaleDown tracker's
 * tables, which the pipeline's two nodes share, are created beside it by the component. The file stays in the work dir
 * after the run, so the results can be looked at with any H2 client.
 */
public final class DocumentsDatabase implements AutoCloseable {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    /** One row as the report and the tests see it. */
    public record Document(int id, String model, String title, String text, String status, String result,
                           String error, String batchId, String node) {
    }

    private DocumentsDatabase(Path file) {
        dataSource.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        dataSource.setUser("sa");
        dataSource.setPassword("");
    }

    /** Creates the table and inserts the sample rows; returns the database. */
    public static DocumentsDatabase createWithSamples(Path file) throws SQLException {
        DocumentsDatabase database = new DocumentsDatabase(file);
        try (Connection connection = database.dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:/xyz/scaledown/examples/samples/database/schema.sql'");
            statement.execute("RUNSCRIPT FROM 'classpath:/xyz/scaledown/examples/samples/database/documents.sql'");
        }
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL without the in-process settings, as a user would open the file. */
    public String url() {
        return dataSource.getURL().substring(0, dataSource.getURL().indexOf(';'));
    }

    public int countWithStatus(String status) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             var query = connection.prepareStatement("SELECT COUNT(*) FROM documents WHERE status = ?")) {
            query.setString(1, status);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    public List<Document> documents() throws SQLException {
        List<Document> documents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, model, title, text, status, result, error, batch_id, node FROM documents"
                     + " ORDER BY id")) {
            while (rows.next()) {
                documents.add(new Document(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9)));
            }
        }
        return documents;
    }

    /** Closes the database, kept open between connections by DB_CLOSE_DELAY=-1, once the routes are stopped. */
    @Override
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
