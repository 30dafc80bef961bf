package xyz.scaledown.camel.tracking.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A query timeout for PostgreSQL's hot statements: one tick cancels the statements running past it, where pgjdbc's
 * {@code setQueryTimeout} schedules and purges a timer task per statement (waking the driver's timer thread each
 * time), and the server's {@code statement_timeout} would need a statement of its own per transaction or outlive it
 * on the pool's connections. pgjdbc's {@code cancel} acts only on a statement still executing, so a tick racing the
 * statement's end cancels nothing else. Accurate to a tenth of the timeout.
 */
final class StatementWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(StatementWatchdog.class);

    @FunctionalInterface
    interface Execution<T> {
        T run() throws SQLException;
    }

    private final long timeoutNanos;
    private final Map<Statement, Long> deadlines = new ConcurrentHashMap<>();

    StatementWatchdog(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Ticks on {@code ticks} until it shuts down. */
    void start(ScheduledExecutorService ticks) {
        long every = Math.max(10, Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 10));
        ticks.scheduleWithFixedDelay(this::cancelOverdue, every, every, TimeUnit.MILLISECONDS);
    }

    <T> T run(Statement statement, Execution<T> execution) throws SQLException {
        deadlines.put(statement, System.nanoTime() + timeoutNanos);
        try {
            return execution.run();
        } finally {
            deadlines.remove(statement);
        }
    }

    private void cancelOverdue() {
        long now = System.nanoTime();
        deadlines.forEach((statement, deadline) -> {
            if (now - deadline >= 0 && deadlines.remove(statement, deadline)) {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("Could not cancel a statement past its query timeout: {}", e.getMessage());
                }
            }
        });
    }
}
