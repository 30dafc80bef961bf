package xyz.scaledown.camel.tracking.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * A DataSource whose connections give every statement they create a query timeout: the one place the tracker, the
 * submit intents and the JDBC aggregation repository get theirs (but the add to an open batch on PostgreSQL, which
 * a {@link StatementWatchdog} times out), so no statement can wait for ever on a lock held elsewhere. A proxy: every
 * other call goes to the DataSource (or connection) as it is.
 */
public final class QueryTimeoutDataSource {

    private QueryTimeoutDataSource() {
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
        int seconds = (int) Math.min(Integer.MAX_VALUE, (timeoutMillis + 999) / 1000);
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] { DataSource.class }, new Timed(dataSource, seconds));
    }

    /** The timeout, in seconds, every statement of a DataSource {@link #of} made gets; 0 for any other DataSource. */
    public static int timeoutSeconds(DataSource dataSource) {
        return Proxy.isProxyClass(dataSource.getClass())
                && Proxy.getInvocationHandler(dataSource) instanceof Timed timed ? timed.seconds() : 0;
    }

    /** The DataSource {@link #of} was given; {@code dataSource} itself if {@link #of} did not make it. */
    static DataSource untimed(DataSource dataSource) {
        return Proxy.isProxyClass(dataSource.getClass())
                && Proxy.getInvocationHandler(dataSource) instanceof Timed timed
                ? (DataSource) timed.target() : dataSource;
    }

    /** Calls the target; sets the timeout on each statement it creates and wraps each connection it hands out. */
    private record Timed(Object target, int seconds) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            Object result;
            try {
                result = method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement statement) {
                statement.setQueryTimeout(seconds);
            } else if (result instanceof Connection connection && method.getName().equals("getConnection")) {
                return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
                        new Timed(connection, seconds));
            }
            return result;
        }
    }
}
