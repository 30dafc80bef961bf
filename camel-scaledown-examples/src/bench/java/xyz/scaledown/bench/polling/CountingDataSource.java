package xyz.scaledown.bench.polling;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/** A node's DataSource with the statements it executes counted: all of them, and the claims of due batches. */
final class CountingDataSource {

    final AtomicLong statements = new AtomicLong();
    final AtomicLong claims = new AtomicLong();
    private final DataSource counted;

    CountingDataSource(DataSource target) {
        this.counted = proxy(DataSource.class, target, null);
    }

    DataSource dataSource() {
        return counted;
    }

    void reset() {
        statements.set(0);
        claims.set(0);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target, String sql) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            if (method.getName().startsWith("execute")) {
                statements.incrementAndGet();
                if (sql != null && sql.contains("FOR UPDATE SKIP LOCKED") && sql.contains("RETURNING")) {
                    claims.incrementAndGet();
                }
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Connection connection && type != Connection.class) {
                return proxy(Connection.class, connection, null);
            }
            if (result instanceof PreparedStatement statement) {
                return proxy(PreparedStatement.class, statement, (String) args[0]);
            }
            return result;
        });
    }
}
