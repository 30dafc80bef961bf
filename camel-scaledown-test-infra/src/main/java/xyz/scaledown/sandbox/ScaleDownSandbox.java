package xyz.scaledown.sandbox;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the ScaleDown Batch API, bound to 127.0.0.1, following
 * {@code scaledown-batch-api.md}: submit, status and output endpoints, deterministic models and
 * switchable faults.
 * <pre>{@code
 * try (ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().apiKey("k").build())) {
 *     String base = sandbox.baseUrl();   // http://127.0.0.1:PORT
 *     sandbox.faults().serverErrorRate(0.3);
 * }
 * }</pre>
 */
public final class ScaleDownSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleDownSandbox.class);
    private static final int BACKLOG = 128;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, each
        // small answer waits ~40 ms for a delayed ACK. The server reads this property once per JVM.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private final SandboxConfig config;
    private final BatchStore store = new BatchStore();
    private final RequestCounts counts = new RequestCounts();
    private HttpServer server;
    private ExecutorService executor;

    public ScaleDownSandbox(SandboxConfig config) {
        this.config = config;
    }

    public ScaleDownSandbox() {
        this(SandboxConfig.defaults());
    }

    /** Creates and starts a sandbox. */
    public static ScaleDownSandbox start(SandboxConfig config) {
        ScaleDownSandbox sandbox = new ScaleDownSandbox(config);
        sandbox.start();
        return sandbox;
    }

    /** Binds the port and starts answering; calling it on a started sandbox does nothing. */
    public synchronized ScaleDownSandbox start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the sandbox to 127.0.0.1:" + config.port(), e);
        }
        executor = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new SandboxHandler(config, store, counts));
        server.start();
        LOG.info("ScaleDown sandbox listening on {} (queued {} ms, processing {} ms, key {})", baseUrl(),
                config.queuedMillis(), config.processingMillis(), config.apiKey() == null ? "any" : "configured");
        return this;
    }

    /** Stops answering and forgets every batch. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.clear();
        server = null;
        executor = null;
        LOG.info("ScaleDown sandbox stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash or {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The bound port; the chosen free one when configured with port 0. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the sandbox is not started");
        }
        return server.getAddress().getPort();
    }

    public SandboxConfig config() {
        return config;
    }

    /** The live fault switches. */
    public SandboxFaults faults() {
        return config.faults();
    }

    /** The live request counters. */
    public RequestCounts requestCounts() {
        return counts;
    }

    /** Forgets all batches, freeing their memory (for long benchmark runs); ids keep counting up. */
    public void clearBatches() {
        store.clear();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "scaledown-sandbox-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
