package xyz.scaledown.sandbox;

/**
 * How a {@link ScaleDownSandbox} runs.
 *
 * @param port             the port to bind on 127.0.0.1; 0 picks a free one
 * @param apiKey           the only accepted {@code x-api-key}; null accepts any non-empty key
 * @param queuedMillis     how long a new batch stays {@code queued}
 * @param processingMillis how long it then stays {@code processing}; 0 and 0 complete at once
 * @param threads          worker threads of the HTTP server
 * @param faults           the fault switches, changeable while the sandbox runs
 */
public record SandboxConfig(int port, String apiKey, long queuedMillis, long processingMillis, int threads,
                            SandboxFaults faults) {

    public static final long DEFAULT_QUEUED_MILLIS = 200;
    public static final long DEFAULT_PROCESSING_MILLIS = 500;
    public static final int DEFAULT_THREADS = 4;

    public SandboxConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        if (queuedMillis < 0 || processingMillis < 0) {
            throw new IllegalArgumentException("queuedMillis and processingMillis must be >= 0");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        if (faults == null) {
            faults = new SandboxFaults();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: free port, any key, 200 ms queued, 500 ms processing, no faults. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    @Override
    public String toString() {
        return "SandboxConfig[port=" + port + ", apiKey=" + (apiKey == null ? "any" : "***")
                + ", queuedMillis=" + queuedMillis + ", processingMillis=" + processingMillis
                + ", threads=" + threads + ", faults=" + faults + "]";
    }

    public static final class Builder {
        private int port;
        private String apiKey;
        private long queuedMillis = DEFAULT_QUEUED_MILLIS;
        private long processingMillis = DEFAULT_PROCESSING_MILLIS;
        private int threads = DEFAULT_THREADS;
        private SandboxFaults faults;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder queuedMillis(long queuedMillis) {
            this.queuedMillis = queuedMillis;
            return this;
        }

        public Builder processingMillis(long processingMillis) {
            this.processingMillis = processingMillis;
            return this;
        }

        /** Shorthand for queued 0 ms and processing 0 ms: every batch is completed when submitted. */
        public Builder completeImmediately() {
            return queuedMillis(0).processingMillis(0);
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder faults(SandboxFaults faults) {
            this.faults = faults;
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(port, apiKey, queuedMillis, processingMillis, threads, faults);
        }
    }
}
