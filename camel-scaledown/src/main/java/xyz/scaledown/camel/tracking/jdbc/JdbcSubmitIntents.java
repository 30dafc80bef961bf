package xyz.scaledown.camel.tracking.jdbc;

import xyz.scaledown.camel.JdbcTrackerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.tracking.SubmitIntent;
import xyz.scaledown.camel.tracking.SubmitIntents;

/** Submit intents in tables {@code scaledown_intent} and {@code scaledown_intent_item} (see schema.sql). */
final class JdbcSubmitIntents implements SubmitIntents {

    private static final int INSERT_CHUNK = 1000;

    private final DataSource dataSource;

    JdbcSubmitIntents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void record(SubmitIntent intent, List<String> customIds) {
        try {
            Sql.inTransaction(dataSource, connection -> {
                try (PreparedStatement delete = Sql.prepare(connection,
                        "DELETE FROM scaledown_intent WHERE intent_key = ?", intent.key())) {
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = Sql.prepare(connection, "INSERT INTO scaledown_intent (intent_key,"
                        + " fingerprint, item_count, recorded_at) VALUES (?, ?, ?, ?)", intent.key(),
                        intent.fingerprint(), intent.itemCount(), intent.recordedAt())) {
                    insert.executeUpdate();
                }
                insertIds(connection, intent.key(), customIds);
            });
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot record the submit intent of submit key " + intent.key()
                    + " (nothing was sent)", e);
        }
    }

    private static void insertIds(Connection connection, String key, List<String> customIds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO scaledown_intent_item (intent_key, item_index, custom_id) VALUES (?, ?, ?)")) {
            for (int i = 0; i < customIds.size(); i++) {
                insert.setString(1, key);
                insert.setInt(2, i);
                insert.setString(3, customIds.get(i));
                insert.addBatch();
                if ((i + 1) % INSERT_CHUNK == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    @Override
    public Optional<SubmitIntent> find(String key) {
        try {
            return Sql.query(dataSource, "SELECT fingerprint, item_count, recorded_at, batch_id, batch_status,"
                    + " total_count, tracked FROM scaledown_intent WHERE intent_key = ?", rows -> {
                        if (!rows.next()) {
                            return Optional.<SubmitIntent>empty();
                        }
                        String batchId = rows.getString("batch_id");
                        BatchSubmission submission = batchId == null ? null
                                : new BatchSubmission(batchId, rows.getString("batch_status"), rows.getInt("total_count"));
                        return Optional.of(new SubmitIntent(key, rows.getString("fingerprint"), rows.getInt("item_count"),
                                Sql.instant(rows, "recorded_at"), submission, rows.getBoolean("tracked")));
                    }, key);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot read the submit intent of submit key " + key, e);
        }
    }

    @Override
    public List<String> customIds(String key) {
        try {
            return Sql.query(dataSource, "SELECT custom_id FROM scaledown_intent_item WHERE intent_key = ?"
                    + " ORDER BY item_index", rows -> {
                        List<String> ids = new ArrayList<>();
                        while (rows.next()) {
                            ids.add(rows.getString(1));
                        }
                        return ids;
                    }, key);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot read the custom ids of submit intent " + key, e);
        }
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        try {
            Sql.update(dataSource, "UPDATE scaledown_intent SET fingerprint = ?, batch_id = ?, batch_status = ?,"
                    + " total_count = ?, recorded_at = ? WHERE intent_key = ?", fingerprint, submission.batchId(),
                    submission.status(), submission.totalCount(), Instant.now(), key);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot record that submit key " + key + " created batch "
                    + submission.batchId(), e);
        }
    }

    @Override
    public void recordTracked(String key) {
        try {
            Sql.inTransaction(dataSource, connection -> markTracked(connection, key));
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot record that the batch of submit key " + key + " is tracked", e);
        }
    }

    /** Part of the transaction that tracks the batch, so a crash leaves both done or neither. */
    static void markTracked(Connection connection, String key) throws SQLException {
        try (PreparedStatement update = Sql.prepare(connection,
                "UPDATE scaledown_intent SET tracked = TRUE WHERE intent_key = ?", key)) {
            update.executeUpdate();
        }
        try (PreparedStatement delete = Sql.prepare(connection,
                "DELETE FROM scaledown_intent_item WHERE intent_key = ?", key)) {
            delete.executeUpdate();
        }
    }

    @Override
    public void purge(Instant cutoff) {
        try {
            Sql.update(dataSource, "DELETE FROM scaledown_intent WHERE recorded_at < ?", cutoff);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot purge the submit keys recorded before " + cutoff, e);
        }
    }

    @Override
    public void forget(String key) {
        try {
            Sql.update(dataSource, "DELETE FROM scaledown_intent WHERE intent_key = ?", key);
        } catch (SQLException e) {
            throw new JdbcTrackerException("cannot forget the submit intent of submit key " + key, e);
        }
    }
}
