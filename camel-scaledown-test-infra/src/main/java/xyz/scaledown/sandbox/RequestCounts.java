package xyz.scaledown.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/** Requests received per endpoint kind, and the faults served; all counters are thread-safe. */
public final class RequestCounts {

    private final AtomicLong submit = new AtomicLong();
    private final AtomicLong status = new AtomicLong();
    private final AtomicLong output = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final AtomicLong batchesCreated = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong tooManyRequests = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** {@code POST /v1/batches} requests received. */
    public long submit() {
        return submit.get();
    }

    /** {@code GET /v1/batches/{id}} requests received. */
    public long status() {
        return status.get();
    }

    /** {@code GET /v1/batches/{id}/output} requests received. */
    public long output() {
        return output.get();
    }

    /** Requests to any other path or with another method. */
    public long other() {
        return other.get();
    }

    /**
     * Submits that created a batch (a batch set to fail included): what the API would bill. A submit refused (400,
     * 401, 415) or answered by an injected fault created none.
     */
    public long batchesCreated() {
        return batchesCreated.get();
    }

    public long total() {
        return submit() + status() + output() + other();
    }

    /** Injected 503 answers. */
    public long serverErrors() {
        return serverErrors.get();
    }

    /** Injected 429 answers. */
    public long tooManyRequests() {
        return tooManyRequests.get();
    }

    /** Connections closed without an answer. */
    public long dropped() {
        return dropped.get();
    }

    public void reset() {
        submit.set(0);
        status.set(0);
        output.set(0);
        other.set(0);
        batchesCreated.set(0);
        serverErrors.set(0);
        tooManyRequests.set(0);
        dropped.set(0);
    }

    void countRequest(Endpoint endpoint) {
        switch (endpoint) {
            case SUBMIT -> submit.incrementAndGet();
            case STATUS -> status.incrementAndGet();
            case OUTPUT -> output.incrementAndGet();
            default -> other.incrementAndGet();
        }
    }

    void countBatchCreated() {
        batchesCreated.incrementAndGet();
    }

    void countFault(SandboxFaults.Fault fault) {
        switch (fault) {
            case SERVER_ERROR -> serverErrors.incrementAndGet();
            case TOO_MANY_REQUESTS -> tooManyRequests.incrementAndGet();
            case DROP_CONNECTION -> dropped.incrementAndGet();
            default -> { }
        }
    }

    @Override
    public String toString() {
        return "RequestCounts[submit=" + submit() + ", status=" + status() + ", output=" + output()
                + ", other=" + other() + ", batchesCreated=" + batchesCreated() + ", serverErrors=" + serverErrors() + ", tooManyRequests="
                + tooManyRequests() + ", dropped=" + dropped() + "]";
    }

    /** The endpoint kinds the sandbox counts. */
    enum Endpoint { SUBMIT, STATUS, OUTPUT, OTHER }
}
