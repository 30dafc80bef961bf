package xyz.scaledown.examples;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * Which ScaleDown the examples talk to: the real service when {@code SCALEDOWN_API_KEY} is set (the component reads
 * the key from the environment itself, so it never passes through here), else the embedded sandbox.
 */
public final class ScaleDownBackend implements AutoCloseable {

    static final String ENV_API_KEY = ScaleDownConfiguration.ENV_API_KEY;
    static final String ENV_API_BASE = ScaleDownConfiguration.ENV_API_BASE;
    static final String DEFAULT_BASE_URL = ScaleDownConfiguration.DEFAULT_BASE_URL;
    static final String SANDBOX_API_KEY = "sandbox";
    static final long SANDBOX_QUEUED_MILLIS = 200;
    static final long SANDBOX_PROCESSING_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownBackend.class);

    private final ScaleDownSandbox sandbox;
    private final String baseUrl;

    private ScaleDownBackend(ScaleDownSandbox sandbox, String baseUrl) {
        this.sandbox = sandbox;
        this.baseUrl = baseUrl;
    }

    public static ScaleDownBackend choose(Map<String, String> environment) {
        String key = environment.get(ENV_API_KEY);
        if (key != null && !key.isBlank()) {
            String base = environment.getOrDefault(ENV_API_BASE, "");
            ScaleDownBackend backend = new ScaleDownBackend(null, base.isBlank() ? DEFAULT_BASE_URL : base.strip());
            LOG.info("Using the ScaleDown service at {} (API key from {})", backend.baseUrl, ENV_API_KEY);
            return backend;
        }
        ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder()
                .port(0)
                .queuedMillis(SANDBOX_QUEUED_MILLIS)
                .processingMillis(SANDBOX_PROCESSING_MILLIS)
                .build());
        LOG.info("{} is not set: using the embedded ScaleDown sandbox at {}", ENV_API_KEY, sandbox.baseUrl());
        return new ScaleDownBackend(sandbox, sandbox.baseUrl());
    }

    /** The component options to add to Camel Main: none for the real service. */
    public Map<String, String> componentProperties() {
        if (sandbox == null) {
            return Map.of();
        }
        return Map.of("camel.component.scaledown.base-url", baseUrl,
                "camel.component.scaledown.api-key", SANDBOX_API_KEY);
    }

    public boolean isSandbox() {
        return sandbox != null;
    }

    /** For example {@code the embedded sandbox at http://127.0.0.1:41234}. */
    public String describe() {
        return (isSandbox() ? "the embedded sandbox at " : "the ScaleDown service at ") + baseUrl;
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
