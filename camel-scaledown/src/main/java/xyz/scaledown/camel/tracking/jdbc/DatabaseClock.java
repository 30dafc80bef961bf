package xyz.scaledown.camel.tracking.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's clock, which every node sharing the store compares its times with (leases, next polls,
 * {@code batchTimeout}): this JVM's clock plus the offset last read from {@code CURRENT_TIMESTAMP}, read again at most
 * once a second.
 */
final class DatabaseClock {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);

    private final DataSource dataSource;
    private volatile long offsetMillis;
    private volatile long nextReadNanos = System.nanoTime();

    DatabaseClock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Instant now() {
        long nanos = System.nanoTime();
        if (nanos - nextReadNanos >= 0) {
            // a database out of reach is asked again a second later, not at every call
            nextReadNanos = nanos + TimeUnit.SECONDS.toNanos(1);
            readOffset();
        }
        return Instant.now().plusMillis(offsetMillis);
    }

    private void readOffset() {
        try {
            long before = System.currentTimeMillis();
            OffsetDateTime database = Sql.query(dataSource, "SELECT CURRENT_TIMESTAMP",
                    rows -> rows.next() ? rows.getObject(1, OffsetDateTime.class) : null);
            long after = System.currentTimeMillis();
            if (database != null) {
                offsetMillis = database.toInstant().toEpochMilli() - (before + after) / 2;
            }
        } catch (SQLException e) {
            // the statements that need the database fail on their own; until then the last offset stands
            LOG.debug("Cannot read the database's clock; the last offset ({} ms) stands", offsetMillis, e);
        }
    }
}
