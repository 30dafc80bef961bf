package xyz.scaledown.sandbox;

import java.util.List;
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
    private volatile String expireBatchesMatching;
    private volatile String cancelBatchesMatching;
    private volatile String forgetBatchesMatching;
    private volatile String madeUpStatusBatchesMatching;
    private volatile String dropOutputLinesMatching;
    private volatile String duplicateOutputLinesMatching;
    private volatile String garbageAfterOutputLinesMatching;
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
        this.failBatchesMatching = orNull(customIdPart);
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

    /**
     * Batches holding a custom_id that contains this text end {@code expired}; their output holds the first half of
     * their items (partial results). Null switches it off.
     */
    public SandboxFaults expireBatchesMatching(String customIdPart) {
        this.expireBatchesMatching = orNull(customIdPart);
        return this;
    }

    /** As {@link #expireBatchesMatching}, ending {@code cancelled}. */
    public SandboxFaults cancelBatchesMatching(String customIdPart) {
        this.cancelBatchesMatching = orNull(customIdPart);
        return this;
    }

    /** Batches holding a custom_id that contains this text are answered 404 on status and output, as unknown. */
    public SandboxFaults forgetBatchesMatching(String customIdPart) {
        this.forgetBatchesMatching = orNull(customIdPart);
        return this;
    }

    /**
     * Batches holding a custom_id that contains this text report the made-up status {@value Batch#MADE_UP_STATUS}
     * once processed, and never finish.
     */
    public SandboxFaults madeUpStatusBatchesMatching(String customIdPart) {
        this.madeUpStatusBatchesMatching = orNull(customIdPart);
        return this;
    }

    /** Output lines whose custom_id contains this text are left out (a short output). */
    public SandboxFaults dropOutputLinesMatching(String customIdPart) {
        this.dropOutputLinesMatching = orNull(customIdPart);
        return this;
    }

    /** Output lines whose custom_id contains this text are written twice. */
    public SandboxFaults duplicateOutputLinesMatching(String customIdPart) {
        this.duplicateOutputLinesMatching = orNull(customIdPart);
        return this;
    }

    /**
     * After each output line whose custom_id contains this text, a line that is not JSON and a line with a custom_id
     * that was never submitted are written.
     */
    public SandboxFaults garbageAfterOutputLinesMatching(String customIdPart) {
        this.garbageAfterOutputLinesMatching = orNull(customIdPart);
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
        expireBatchesMatching = null;
        cancelBatchesMatching = null;
        forgetBatchesMatching = null;
        madeUpStatusBatchesMatching = null;
        dropOutputLinesMatching = null;
        duplicateOutputLinesMatching = null;
        garbageAfterOutputLinesMatching = null;
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

    public String expireBatchesMatching() {
        return expireBatchesMatching;
    }

    public String cancelBatchesMatching() {
        return cancelBatchesMatching;
    }

    public String forgetBatchesMatching() {
        return forgetBatchesMatching;
    }

    public String madeUpStatusBatchesMatching() {
        return madeUpStatusBatchesMatching;
    }

    public String dropOutputLinesMatching() {
        return dropOutputLinesMatching;
    }

    public String duplicateOutputLinesMatching() {
        return duplicateOutputLinesMatching;
    }

    public String garbageAfterOutputLinesMatching() {
        return garbageAfterOutputLinesMatching;
    }

    /** How a batch just submitted ends, given its custom_ids; consumes one of {@link #failNextBatches(int)}. */
    Batch.Ending endingFor(List<String> customIds, boolean matchesFailSwitch) {
        if (takeBatchFailure(matchesFailSwitch)) {
            return Batch.Ending.FAIL;
        }
        if (anyContains(customIds, expireBatchesMatching)) {
            return Batch.Ending.EXPIRE;
        }
        if (anyContains(customIds, cancelBatchesMatching)) {
            return Batch.Ending.CANCEL;
        }
        if (anyContains(customIds, forgetBatchesMatching)) {
            return Batch.Ending.FORGET;
        }
        if (anyContains(customIds, madeUpStatusBatchesMatching)) {
            return Batch.Ending.MADE_UP_STATUS;
        }
        return Batch.Ending.COMPLETE;
    }

    /** The output-line switches as they are now. */
    OutputWriter.Shaping outputShaping() {
        return new OutputWriter.Shaping(dropOutputLinesMatching, duplicateOutputLinesMatching,
                garbageAfterOutputLinesMatching);
    }

    private static boolean anyContains(List<String> customIds, String part) {
        return part != null && customIds.stream().anyMatch(id -> id.contains(part));
    }

    private static String orNull(String customIdPart) {
        return customIdPart == null || customIdPart.isEmpty() ? null : customIdPart;
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
                + ", failNextBatches=" + failNextBatches.get() + ", expireBatchesMatching=" + expireBatchesMatching
                + ", cancelBatchesMatching=" + cancelBatchesMatching + ", forgetBatchesMatching=" + forgetBatchesMatching
                + ", madeUpStatusBatchesMatching=" + madeUpStatusBatchesMatching + ", dropOutputLinesMatching="
                + dropOutputLinesMatching + ", duplicateOutputLinesMatching=" + duplicateOutputLinesMatching
                + ", garbageAfterOutputLinesMatching=" + garbageAfterOutputLinesMatching + "]";
    }
}
