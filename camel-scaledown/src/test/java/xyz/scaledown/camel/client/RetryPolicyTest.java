package xyz.scaledown.camel.client;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.ScaleDownConfiguration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);

    private final List<Duration> sleeps = new ArrayList<>();

    @Test
    void defaultsGiveTwoFourEightSeconds() {
        RetryPolicy policy = RetryPolicy.from(new ScaleDownConfiguration().toClientSettings(null, "k", null), sleeps::add);
        assertEquals(Duration.ofSeconds(2), policy.delayBefore(1, null));
        assertEquals(Duration.ofSeconds(4), policy.delayBefore(2, null));
        assertEquals(Duration.ofSeconds(8), policy.delayBefore(3, null));
        assertEquals(3, policy.maxRetries());
    }

    @Test
    void backoffIsCappedByTheMaximumDelay() {
        RetryPolicy policy = policy(10, 0.0, () -> 0.5);
        assertEquals(Duration.ofSeconds(32), policy.delayBefore(5, null));
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(6, null));
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(60, null));
    }

    @Test
    void jitterSpreadsTheDelayBothWays() {
        assertEquals(Duration.ofMillis(1500), policy(3, 0.25, () -> 0.0).delayBefore(1, null));
        assertEquals(Duration.ofMillis(2500), policy(3, 0.25, () -> 1.0).delayBefore(1, null));
        assertEquals(Duration.ofMillis(4000), policy(3, 0.25, () -> 0.5).delayBefore(2, null));
    }

    @Test
    void retryAfterWinsAndIsCapped() {
        RetryPolicy policy = policy(3, 0.5, () -> 0.0);
        assertEquals(Duration.ofSeconds(7), policy.delayBefore(1, Duration.ofSeconds(7)));
        assertEquals(Duration.ofSeconds(60), policy.delayBefore(1, Duration.ofHours(1)));
    }

    @Test
    void retryAfterSecondsAndHttpDate() {
        RetryPolicy policy = policy(3, 0.0, () -> 0.5);
        assertEquals(Duration.ofSeconds(1), policy.parseRetryAfter("1"));
        assertEquals(Duration.ofSeconds(120), policy.parseRetryAfter(" 120 "));
        assertEquals(Duration.ofSeconds(30), policy.parseRetryAfter("Thu, 01 Jan 2026 10:00:30 GMT"));
        assertEquals(Duration.ZERO, policy.parseRetryAfter("Thu, 01 Jan 2026 09:00:00 GMT"));
        assertNull(policy.parseRetryAfter("soon"));
        assertNull(policy.parseRetryAfter("-3"));
        assertNull(policy.parseRetryAfter(null));
    }

    @Test
    void retriesRetryableFailuresThenRaisesTheLast() {
        RetryPolicy policy = policy(3, 0.0, () -> 0.5);
        AtomicInteger calls = new AtomicInteger();
        ScaleDownException e = assertThrows(ScaleDownException.class, () -> policy.execute("status call", () -> {
            throw new ScaleDownException("status", 503, "busy " + calls.incrementAndGet(), "m", null);
        }));
        assertEquals(4, calls.get());
        assertEquals("busy 4", e.getResponseBody());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)), sleeps);
    }

    @Test
    void doesNotRetryWhatIsNotRetryable() {
        RetryPolicy policy = policy(3, 0.0, () -> 0.5);
        ScaleDownException refused = new ScaleDownException("submit", 400, "bad", "m", null);
        AtomicInteger calls = new AtomicInteger();
        assertSame(refused, assertThrows(ScaleDownException.class, () -> policy.execute("submit call", () -> {
            calls.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, calls.get());
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void succeedsAfterAFailure() {
        RetryPolicy policy = policy(3, 0.0, () -> 0.5);
        AtomicInteger calls = new AtomicInteger();
        String result = policy.execute("status call", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new ScaleDownException("status", 429, null, "m", null).withRetryAfter(Duration.ofSeconds(5));
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(List.of(Duration.ofSeconds(5)), sleeps);
    }

    private RetryPolicy policy(int maxRetries, double jitter, java.util.function.DoubleSupplier random) {
        return new RetryPolicy(maxRetries, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), jitter, sleeps::add,
                random, CLOCK);
    }
}
