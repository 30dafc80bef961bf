package xyz.scaledown.camel.tracking.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/**
 * A real DataSource with every statement it executes counted (and its SQL kept): how many round trips the tracker
 * makes. Connections, statements and results are the database's own.
 */
public final class CountingDataSource {

    private final List<String> executed = new CopyOnWriteArrayList<>();
    private final DataSource counted;

    public CountingDataSource(DataSource target) {
        this.counted = proxy(DataSource.class, target, null);
    }

    public DataSource dataSource() {
        return counted;
    }

    /** The SQL of each statement executed since the last {@link #reset()}. */
    public List<String> executed() {
        return List.copyOf(executed);
    }

    public void reset() {
        executed.clear();
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T target, String sql) {
        InvocationHandler handler = (self, method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute")) {
                executed.add(sql != null ? sql : args != null && args.length > 0 ? String.valueOf(args[0]) : name);
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
            if (result instanceof Statement statement && name.equals("createStatement")) {
                return proxy(Statement.class, statement, null);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler);
    }
}
