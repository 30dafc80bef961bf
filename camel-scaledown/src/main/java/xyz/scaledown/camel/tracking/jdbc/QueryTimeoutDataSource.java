package xyz.scaledown.camel.tracking.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Objects;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource whose connections give every statement they create a query timeout: the one place the tracker, the
 * submit intents and the JDBC aggregation repository get theirs, so no statement can wait for ever on a lock held
 * elsewhere or on a partitioned network.
 */
public final class QueryTimeoutDataSource implements DataSource {

    private final DataSource dataSource;
    private final int timeoutSeconds;

    private QueryTimeoutDataSource(DataSource dataSource, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The DataSource with a timeout on every statement; itself when {@code timeoutMillis} is 0 (no limit).
     *
     * @param timeoutMillis rounded up to whole seconds, as JDBC counts them
     */
    public static DataSource of(DataSource dataSource, long timeoutMillis) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("queryTimeout must not be negative but was " + timeoutMillis + " ms");
        }
        if (timeoutMillis == 0) {
            return dataSource;
        }
        return new QueryTimeoutDataSource(dataSource, (int) Math.min(Integer.MAX_VALUE, (timeoutMillis + 999) / 1000));
    }

    /** The timeout every statement gets, in seconds. */
    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return timed(dataSource.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return timed(dataSource.getConnection(username, password));
    }

    private Connection timed(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, arguments) -> {
                    Object result;
                    try {
                        result = method.invoke(connection, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement statement) {
                        statement.setQueryTimeout(timeoutSeconds);
                    }
                    return result;
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return dataSource.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        dataSource.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        dataSource.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return dataSource.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return dataSource.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(dataSource) ? type.cast(dataSource) : dataSource.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(dataSource) || dataSource.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return dataSource.toString();
    }
}
