package xyz.scaledown.sandbox;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault switches of the sandbox. Every setter may be called while the sandbox runs; the
 * change applies to the next request.
 * <p>
 * One random draw per request decides between a 503, a 429, a dropped connection or a normal
 * answer, in that order of the cumulative rates; with a seed the sequence of decisions is
 * reproducible for the same order of requests.
 */
public final class SandboxFaults {

    /** What the sandbox does with one request before handling it. */
    public enum Fault { NONE, SERVER_ERROR, TOO_MANY_REQUESTS, DROP_CONNECTION }

    private volatile double serverErrorRate;
    private volatile double tooManyRequestsRate;
    private volatile double dropConnectionRate;
    private volatile long retryAfterSeconds = 1;
    private volatile long slowMillis;
    private volatile String failBatchesMatching;
    private final AtomicInteger failNextBatches = new AtomicInteger();
    private Random random = new Random();

    public SandboxFaults() {
    }

    public SandboxFaults(long seed) {
        seed(seed);
    }

    /** Makes the fault decisions reproducible from now on. */
    public synchronized SandboxFaults seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Share (0..1) of requests answered 503 with a JSON error body. */
    public SandboxFaults serverErrorRate(double rate) {
        this.serverErrorRate = checkRate("serverErrorRate", rate);
        return this;
    }

    /** Share (0..1) of requests answered 429 with a {@code Retry-After} header. */
    public SandboxFaults tooManyRequestsRate(double rate) {
        this.tooManyRequestsRate = checkRate("tooManyRequestsRate", rate);
        return this;
    }

    /** Share (0..1) of requests whose connection is closed without any answer. */
    public SandboxFaults dropConnectionRate(double rate) {
        this.dropConnectionRate = checkRate("dropConnectionRate", rate);
        return this;
    }

    /** The value of the {@code Retry-After} header sent with a 429. */
    public SandboxFaults retryAfterSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 0, was " + seconds);
        }
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Delay before answering each request. */
    public SandboxFaults slowMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("slowMillis must be >= 0, was " + millis);
        }
        this.slowMillis = millis;
        return this;
    }

    /** Batches holding a custom_id that contains this text end {@code failed}; null switches it off. */
    public SandboxFaults failBatchesMatching(String customIdPart) {
        this.failBatchesMatching = customIdPart == null || customIdPart.isEmpty() ? null : customIdPart;
        return this;
    }

    /** The next {@code count} submitted batches end {@code failed}. */
    public SandboxFaults failNextBatches(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("failNextBatches must be >= 0, was " + count);
        }
        failNextBatches.set(count);
        return this;
    }

    /** Switches every fault off (the seed stays). */
    public SandboxFaults reset() {
        serverErrorRate = 0;
        tooManyRequestsRate = 0;
        dropConnectionRate = 0;
        retryAfterSeconds = 1;
        slowMillis = 0;
        failBatchesMatching = null;
        failNextBatches.set(0);
        return this;
    }

    public double serverErrorRate() {
        return serverErrorRate;
    }

    public double tooManyRequestsRate() {
        return tooManyRequestsRate;
    }

    public double dropConnectionRate() {
        return dropConnectionRate;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public long slowMillis() {
        return slowMillis;
    }

    public String failBatchesMatching() {
        return failBatchesMatching;
    }

    public int failNextBatches() {
        return failNextBatches.get();
    }

    /** Draws the fault for one request. */
    Fault nextFault() {
        double error = serverErrorRate;
        double tooMany = tooManyRequestsRate;
        double drop = dropConnectionRate;
        if (error + tooMany + drop <= 0) {
            return Fault.NONE;
        }
        double draw;
        synchronized (this) {
            draw = random.nextDouble();
        }
        if (draw < error) {
            return Fault.SERVER_ERROR;
        }
        if (draw < error + tooMany) {
            return Fault.TOO_MANY_REQUESTS;
        }
        if (draw < error + tooMany + drop) {
            return Fault.DROP_CONNECTION;
        }
        return Fault.NONE;
    }

    /** Whether a batch just submitted must end failed; consumes one of {@link #failNextBatches(int)}. */
    boolean takeBatchFailure(boolean anyCustomIdMatches) {
        if (anyCustomIdMatches) {
            return true;
        }
        return failNextBatches.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static double checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + rate);
        }
        return rate;
    }

    @Override
    public String toString() {
        return "SandboxFaults[serverErrorRate=" + serverErrorRate + ", tooManyRequestsRate=" + tooManyRequestsRate
                + ", retryAfterSeconds=" + retryAfterSeconds + ", dropConnectionRate=" + dropConnectionRate
                + ", slowMillis=" + slowMillis + ", failBatchesMatching=" + failBatchesMatching
                + ", failNextBatches=" + failNextBatches.get() + "]";
    }
}
