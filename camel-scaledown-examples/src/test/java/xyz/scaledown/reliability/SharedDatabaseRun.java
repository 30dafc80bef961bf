package xyz.scaledown.reliability;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.tracking.jdbc.JdbcBatchTracker;
import xyz.scaledown.camel.tracking.jdbc.TestDatabases;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * A kill test whose node JVMs share one PostgreSQL store: a new database with the store's tables, the sandbox, a
 * submitter in the test's JVM that tracks its batches in that database, and the child JVMs, whose output lines are kept
 * prefixed with their name. {@link #close()} kills the children first, then closes what they used.
 */
final class SharedDatabaseRun implements AutoCloseable {

    final List<String> output = new CopyOnWriteArrayList<>();
    final String jdbcUrl = TestDatabases.newPostgresDatabaseUrl();
    final HikariDataSource database = TestDatabases.pool(jdbcUrl, TestDatabases.POSTGRES_USER);
    private final ChildJvms jvms = new ChildJvms();
    private final String apiKey;
    private final long leaseMillis;
    private ScaleDownSandbox sandbox;
    private CamelContext submitter;

    SharedDatabaseRun(String apiKey, long leaseMillis) {
        this.apiKey = apiKey;
        this.leaseMillis = leaseMillis;
        new JdbcBatchTracker(database, true, leaseMillis).start();
    }

    /** Starts the sandbox, once the test's own tables are there. */
    void startSandbox() {
        sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(apiKey).queuedMillis(100)
                .processingMillis(300).build());
    }

    String baseUrl() {
        return sandbox.baseUrl();
    }

    /** Starts {@code main} in a JVM of its own on the test's classpath; its lines go to {@link #output}. */
    Process startJvm(String name, Class<?> main, String... args) throws IOException {
        return jvms.start(main, line -> output.add(name + ": " + line), args);
    }

    /** Sends to {@code scaledown:submit} as a submit-only node would, tracked in the shared database. */
    ProducerTemplate submitter() throws Exception {
        if (submitter == null) {
            submitter = new DefaultCamelContext();
            ScaleDownComponent component = new ScaleDownComponent();
            ScaleDownConfiguration configuration = component.getConfiguration();
            configuration.setBaseUrl(sandbox.baseUrl());
            configuration.setApiKey(apiKey);
            configuration.setTrackerDataSource(database);
            configuration.setLeaseDuration(leaseMillis);
            submitter.addComponent("scaledown", component);
            submitter.start();
        }
        return submitter.createProducerTemplate();
    }

    long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The children's lines, for a failure message. */
    String outputText() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws Exception {
        jvms.close();
        if (submitter != null) {
            submitter.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        database.close();
    }
}
