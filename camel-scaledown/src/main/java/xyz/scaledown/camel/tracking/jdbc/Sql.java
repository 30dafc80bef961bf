package xyz.scaledown.camel.tracking.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * One statement on a connection of its own, parameters bound by type; instants as TIMESTAMP WITH TIME ZONE. Every write
 * commits, whether or not the pool's connections auto-commit.
 */
final class Sql {

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Work done on one connection, in one transaction. */
    @FunctionalInterface
    interface Transaction {
        void run(Connection connection) throws SQLException;
    }

    private Sql() {
    }

    /** Reads every row with {@code row}, in order. */
    static <T> RowReader<List<T>> list(RowReader<T> row) {
        return rows -> {
            List<T> all = new ArrayList<>();
            while (rows.next()) {
                all.add(row.read(rows));
            }
            return all;
        };
    }

    /** Runs {@code work} in one transaction on a connection of its own: committed, or rolled back when it throws. */
    static void inTransaction(DataSource dataSource, Transaction work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** One statement, committed (explicitly on a connection that does not auto-commit, as some pools hand out). */
    static int update(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        return update(dataSource, null, sql, parameters);
    }

    /** @param watchdog times the statement out; null: the DataSource's statements carry their timeout, if any */
    static int update(DataSource dataSource, StatementWatchdog watchdog, String sql, Object... parameters)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            int count;
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                count = watchdog == null ? statement.executeUpdate()
                        : watchdog.run(statement, statement::executeUpdate);
            } catch (SQLException | RuntimeException e) {
                rollbackIfManual(connection);
                throw e;
            }
            commitIfManual(connection);
            return count;
        }
    }

    static <T> T query(DataSource dataSource, String sql, RowReader<T> reader, Object... parameters)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            T result;
            try {
                result = query(connection, sql, reader, parameters);
            } catch (SQLException | RuntimeException e) {
                rollbackIfManual(connection);
                throw e;
            }
            // ends the read's transaction rather than leave it to the pool
            commitIfManual(connection);
            return result;
        }
    }

    /** One query on the caller's connection, in its transaction. */
    static <T> T query(Connection connection, String sql, RowReader<T> reader, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        }
    }

    /** One update on the caller's connection, in its transaction: the count of rows it changed. */
    static int execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** Commits on a connection that does not auto-commit; a pool would roll the work back when it takes it back. */
    static void commitIfManual(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    static void rollbackIfManual(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // the statement's own failure is the one to report; the pool discards a broken connection
        }
    }

    /** One insert on the caller's connection: the {@code batch_key} the database generated for the row. */
    static long insertRow(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement insert = bindAll(connection.prepareStatement(sql, new String[] { "batch_key" }),
                parameters)) {
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        return bindAll(connection.prepareStatement(sql), parameters);
    }

    /** Binds {@code parameters} in order; closes the statement when one cannot be bound. */
    static PreparedStatement bindAll(PreparedStatement statement, Object... parameters) throws SQLException {
        try {
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value == null) {
            // no type: the database takes the column's
            statement.setNull(index, Types.NULL);
        } else {
            statement.setObject(index, value);
        }
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
