package xyz.scaledown.camel.aggregation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import static xyz.scaledown.camel.aggregation.AggregationTables.BATCH;
import static xyz.scaledown.camel.aggregation.AggregationTables.ITEM;

/**
 * Keeps batches in two tables (see {@link AggregationTables}): one row per batch, one row per item. An {@code add} is
 * one transaction inserting the new items' rows; completing a batch flips one flag; reading streams the item rows in
 * order with a cursor.
 */
final class JdbcAggregationStore implements AggregationStore {

    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;
    private final boolean createTables;

    JdbcAggregationStore(DataSource dataSource, boolean createTables) {
        this.dataSource = dataSource;
        this.createTables = createTables;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    /** Runs {@code work} in one transaction on a connection of its own. */
    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ScaleDown aggregation repository: cannot " + what + ": " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("ScaleDown aggregation repository: cannot " + what, e);
        }
    }

    @Override
    public void start() {
        inTransaction(createTables ? "create its tables" : "find its tables", connection -> {
            if (createTables) {
                AggregationTables.create(connection);
            } else {
                AggregationTables.check(connection);
            }
            return null;
        });
    }

    @Override
    public void stop() {
        // connections are taken per operation
    }

    @Override
    public List<StoredGroup> openGroups() {
        return inTransaction("read the open batches", connection -> {
            List<StoredGroup> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT b.exchange_id, b.correlation_key, "
                    + "b.envelope, COUNT(i.item_index), COALESCE(SUM(OCTET_LENGTH(i.request_line)), 0) FROM " + BATCH
                    + " b LEFT JOIN " + ITEM + " i ON i.exchange_id = b.exchange_id WHERE b.completed = FALSE "
                    + "GROUP BY b.exchange_id, b.correlation_key, b.envelope");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(new StoredGroup(rows.getString(1), rows.getString(2), rows.getBytes(3), rows.getInt(4),
                            rows.getLong(5)));
                }
            }
            return groups;
        });
    }

    @Override
    public void forEachCustomId(String exchangeId, IdVisitor visitor) {
        readRows("read the custom ids of batch " + exchangeId, "SELECT custom_id FROM " + ITEM
                + " WHERE exchange_id = ? ORDER BY item_index", exchangeId, rows -> visitor.visit(rows.getString(1)));
    }

    @Override
    public void create(StoredGroup group, List<StoredItem> firstItems) {
        inTransaction("store a new batch", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + BATCH
                    + " (exchange_id, correlation_key, completed, envelope) VALUES (?, ?, FALSE, ?)")) {
                insert.setString(1, group.exchangeId());
                insert.setString(2, group.key());
                insert.setBytes(3, group.envelope());
                insert.executeUpdate();
            }
            insertItems(connection, group.exchangeId(), 0, firstItems);
            return null;
        });
    }

    @Override
    public void append(String exchangeId, int firstPosition, List<StoredItem> items) {
        inTransaction("append " + items.size() + " item(s) to batch " + exchangeId, connection -> {
            insertItems(connection, exchangeId, firstPosition, items);
            return null;
        });
    }

    private static void insertItems(Connection connection, String exchangeId, int firstPosition,
            List<StoredItem> items) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + ITEM
                + " (exchange_id, item_index, custom_id, request_line, correlation) VALUES (?, ?, ?, ?, ?)")) {
            int index = firstPosition;
            for (StoredItem item : items) {
                insert.setString(1, exchangeId);
                insert.setInt(2, index++);
                insert.setString(3, item.customId());
                insert.setBytes(4, item.requestLine());
                insert.setString(5, item.correlationJson());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public boolean containsCustomId(String exchangeId, String customId) {
        return inTransaction("look up a custom id in batch " + exchangeId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM " + ITEM + " WHERE exchange_id = ? AND custom_id = ?")) {
                select.setString(1, exchangeId);
                select.setString(2, customId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    @Override
    public void complete(String exchangeId, byte[] envelope) {
        inTransaction("mark batch " + exchangeId + " completed", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + BATCH + " SET completed = TRUE, envelope = ? WHERE exchange_id = ?")) {
                update.setBytes(1, envelope);
                update.setString(2, exchangeId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void delete(String exchangeId) {
        inTransaction("delete batch " + exchangeId, connection -> {
            for (String table : new String[] { BATCH, ITEM }) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE exchange_id = ?")) {
                    delete.setString(1, exchangeId);
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Set<String> completedIds() {
        return inTransaction("scan for completed batches", connection -> {
            Set<String> ids = new LinkedHashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT exchange_id FROM " + BATCH + " WHERE completed = TRUE");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
    }

    @Override
    public StoredGroup completed(String exchangeId) {
        return inTransaction("read batch " + exchangeId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT b.correlation_key, b.envelope, "
                    + "(SELECT COUNT(*) FROM " + ITEM + " i WHERE i.exchange_id = b.exchange_id), "
                    + "(SELECT COALESCE(SUM(OCTET_LENGTH(i.request_line)), 0) FROM " + ITEM
                    + " i WHERE i.exchange_id = b.exchange_id) FROM " + BATCH
                    + " b WHERE b.exchange_id = ? AND b.completed = TRUE")) {
                select.setString(1, exchangeId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new StoredGroup(exchangeId, rows.getString(1), rows.getBytes(2),
                            rows.getInt(3), rows.getLong(4)) : null;
                }
            }
        });
    }

    @Override
    public void forEachLine(String exchangeId, LineVisitor visitor) throws IOException {
        try {
            readLines(exchangeId, visitor);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the visitor's own failure (the HTTP body's connection, say), as it was
        }
    }

    private void readLines(String exchangeId, LineVisitor visitor) {
        readRows("read the items of batch " + exchangeId, "SELECT request_line FROM " + ITEM
                + " WHERE exchange_id = ? ORDER BY item_index", exchangeId, rows -> visitor.visit(rows.getBytes(1)));
    }

    @Override
    public void forEachCorrelation(String exchangeId, CorrelationVisitor visitor) {
        readRows("read the correlations of batch " + exchangeId, "SELECT custom_id, correlation FROM " + ITEM
                + " WHERE exchange_id = ? AND correlation IS NOT NULL ORDER BY item_index", exchangeId,
                rows -> visitor.visit(rows.getString(1), rows.getString(2)));
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(ResultSet row) throws SQLException, IOException;
    }

    /**
     * Streams the rows of a query on one batch; in a transaction, so PostgreSQL reads them with a cursor instead of
     * loading them all.
     */
    private void readRows(String what, String sql, String exchangeId, RowVisitor visitor) {
        inTransaction(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(FETCH_SIZE);
                select.setString(1, exchangeId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        visitor.visit(rows);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "jdbc:" + dataSource.getClass().getSimpleName();
    }
}
