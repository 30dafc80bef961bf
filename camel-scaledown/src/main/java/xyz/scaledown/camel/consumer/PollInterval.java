package xyz.scaledown.camel.consumer;

import java.time.Duration;
import java.time.Instant;

/**
 * When a pending batch is polled again: after a tenth of its age, at least {@code delay} and at most
 * {@code maxPollInterval}, and no later than its {@code batchTimeout}. A young batch is polled at every poll; one that
 * has run for hours every few minutes. {@code maxPollInterval} 0 keeps every batch at every poll.
 */
record PollInterval(long delayMillis, long maxPollIntervalMillis, long batchTimeoutMillis) {

    PollInterval {
        if (maxPollIntervalMillis < 0) {
            throw new IllegalArgumentException("maxPollInterval must not be negative but was " + maxPollIntervalMillis
                                               + " ms");
        }
    }

    /** The next poll time of a batch submitted at {@code submittedAt} and polled at {@code now}; null: the next poll. */
    Instant nextPollAt(Instant submittedAt, Instant now) {
        if (maxPollIntervalMillis == 0) {
            return null;
        }
        long age = Math.max(0, Duration.between(submittedAt, now).toMillis());
        long interval = Math.min(Math.max(age / 10, delayMillis), Math.max(maxPollIntervalMillis, delayMillis));
        if (interval <= delayMillis) {
            // the next scheduled poll comes a delay later anyway; a time set for then could miss it by a hair
            return null;
        }
        Instant next = now.plusMillis(interval);
        if (batchTimeoutMillis > 0) {
            Instant timeout = submittedAt.plusMillis(batchTimeoutMillis);
            if (next.isAfter(timeout)) {
                return timeout.isAfter(now) ? timeout : null;
            }
        }
        return next;
    }
}
