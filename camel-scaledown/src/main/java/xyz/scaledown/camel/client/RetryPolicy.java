package xyz.scaledown.camel.client;

import xyz.scaledown.camel.ScaleDownException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.observe.ScaleDownObserver;

/**
 * Runs a call and repeats it while it fails with a retryable {@link ScaleDownException}: the n-th retry waits
 * {@code initial * multiplier^(n-1)}, capped at the maximum delay and spread by the jitter, or what the server asked
 * for with {@code Retry-After} (also capped). After {@code maxRetries} retries the last failure is raised.
 */
final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** One try of a call. */
    @FunctionalInterface
    interface Attempt<T> {
        T run();
    }

    private final int maxRetries;
    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final double jitter;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;
    private volatile ScaleDownObserver observer = ScaleDownObserver.NONE;

    RetryPolicy(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
                Sleeper sleeper, DoubleSupplier random, Clock clock) {
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.multiplier = multiplier;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    static RetryPolicy from(ScaleDownClientSettings settings, Sleeper sleeper) {
        return new RetryPolicy(settings.maxRetries(), settings.retryInitialDelay(), settings.retryMultiplier(),
                settings.retryMaxDelay(), settings.retryJitter(), sleeper,
                () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
    }

    /** The same policy with no retry: the first failure is raised. */
    RetryPolicy withoutRetries() {
        return new RetryPolicy(0, initialDelay, multiplier, maxDelay, jitter, sleeper, random, clock);
    }

    /** Reports each scheduled retry to the observer; returns this policy. */
    RetryPolicy observedBy(ScaleDownObserver observer) {
        this.observer = observer;
        return this;
    }

    int maxRetries() {
        return maxRetries;
    }

    /**
     * @param description what is being done, for the log: e.g. {@code status call for batch b-1}
     */
    <T> T execute(String description, Attempt<T> attempt) {
        for (int retry = 1; ; retry++) {
            try {
                return attempt.run();
            } catch (ScaleDownException e) {
                if (!e.isRetryable() || retry > maxRetries) {
                    throw e;
                }
                Duration delay = delayBefore(retry, e.getRetryAfter());
                LOG.warn("ScaleDown {} failed ({}), retry {}/{} in {} ms", description, reason(e), retry, maxRetries,
                        delay.toMillis());
                observer.retryScheduled(e.getOperation(), delay);
                pause(e, delay);
            }
        }
    }

    /** The wait before the given retry (1-based): the server's {@code Retry-After} if any, else the backoff. */
    Duration delayBefore(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return min(retryAfter, maxDelay);
        }
        Duration base = backoff(retry);
        if (jitter == 0.0) {
            return base;
        }
        double factor = 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
        long millis = Math.round(base.toMillis() * factor);
        return min(Duration.ofMillis(Math.max(0, millis)), maxDelay);
    }

    /** {@code initial * multiplier^(retry-1)}, capped at the maximum delay, without jitter. */
    Duration backoff(int retry) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, retry - 1);
        if (millis >= maxDelay.toMillis()) {
            return maxDelay;
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /**
     * Reads {@code Retry-After} as delay-seconds or an HTTP-date; null when absent or unreadable, zero for a
     * date in the past.
     */
    Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return null;
            }
            return Duration.ofMillis(Math.round(Math.min(seconds, Long.MAX_VALUE / 2000.0) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private void pause(ScaleDownException failure, Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ScaleDownException interrupted = new ScaleDownException(failure.getOperation(), failure.getStatusCode(),
                    failure.getResponseBody(), failure.getMessage() + " (interrupted while waiting to retry)", failure,
                    false);
            throw interrupted;
        }
    }

    private static String reason(ScaleDownException e) {
        if (e.getStatusCode() > 0) {
            return "HTTP " + e.getStatusCode();
        }
        Throwable cause = e.getCause();
        // the cause's own message is not logged: the exception's message carries it with the key masked
        return cause == null ? "no answer" : "I/O error: " + cause.getClass().getSimpleName();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
