package xyz.scaledown.sandbox.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import xyz.scaledown.sandbox.RequestCounts;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.SandboxFaults;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * Runs the ScaleDown sandbox for the tests of a class, on a free port of 127.0.0.1, so a route using the
 * {@code scaledown} component can be tested without the API, faults included.
 * <pre>{@code
 * @RegisterExtension
 * static ScaleDownSandboxExtension sandbox = ScaleDownSandboxExtension.create()
 *         .apiKey("test-key").completeImmediately();
 *
 * // the component's baseUrl is sandbox.baseUrl(); in a test:
 * sandbox.faults().failNextBatches(1);
 * assertEquals(1, sandbox.batchesCreated());
 * }</pre>
 * In a {@code static} field one sandbox serves the whole class (and its {@code @Nested} classes): its switches, counts
 * and batches carry over from test to test until {@link #reset()}. In an instance field each test gets the sandbox as
 * it was configured, with every count at 0: a new one with the default per-method lifecycle, the same one
 * {@link #reset()} before each test with {@code @TestInstance(PER_CLASS)}.
 * <p>
 * The builder methods set how the sandbox starts, and what {@link #reset()} goes back to; they must be called before
 * it starts. While it runs, {@link #faults()} changes a switch for the rest of the test (or of the class).
 */
public final class ScaleDownSandboxExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private final SandboxConfig.Builder config = SandboxConfig.builder();
    private final List<Consumer<SandboxFaults>> faultSettings = new ArrayList<>();
    private ScaleDownSandbox sandbox;
    private String startedIn;
    private boolean inStaticField;

    private ScaleDownSandboxExtension() {
    }

    /** A sandbox with the defaults: any non-empty key accepted, 200 ms queued, 500 ms processing, no fault. */
    public static ScaleDownSandboxExtension create() {
        return new ScaleDownSandboxExtension();
    }

    // ---- timings and key ----

    /** The only {@code x-api-key} accepted (401 for any other); without it any non-empty key is accepted. */
    public ScaleDownSandboxExtension apiKey(String apiKey) {
        return configure(() -> config.apiKey(apiKey));
    }

    /** How long a new batch stays {@code queued} (default 200 ms). */
    public ScaleDownSandboxExtension queuedMillis(long millis) {
        return configure(() -> config.queuedMillis(millis));
    }

    /** How long a batch then stays {@code processing} before it ends (default 500 ms). */
    public ScaleDownSandboxExtension processingMillis(long millis) {
        return configure(() -> config.processingMillis(millis));
    }

    /** Queued 0 ms and processing 0 ms: every batch has ended when its submit is answered. */
    public ScaleDownSandboxExtension completeImmediately() {
        return configure(config::completeImmediately);
    }

    /** Worker threads of the HTTP server (default 4). */
    public ScaleDownSandboxExtension threads(int threads) {
        return configure(() -> config.threads(threads));
    }

    // ---- fault switches: those of the sandbox's command line, one method each ----

    /** Share (0..1) of requests answered 503. */
    public ScaleDownSandboxExtension serverErrorRate(double rate) {
        return fault(faults -> faults.serverErrorRate(rate));
    }

    /** Share (0..1) of requests answered 429 with {@code Retry-After}. */
    public ScaleDownSandboxExtension tooManyRequestsRate(double rate) {
        return fault(faults -> faults.tooManyRequestsRate(rate));
    }

    /** The {@code Retry-After} seconds of a 429 (default 1). */
    public ScaleDownSandboxExtension retryAfterSeconds(long seconds) {
        return fault(faults -> faults.retryAfterSeconds(seconds));
    }

    /** Delay before every answer. */
    public ScaleDownSandboxExtension slowMillis(long millis) {
        return fault(faults -> faults.slowMillis(millis));
    }

    /** Share (0..1) of requests whose connection is closed without an answer. */
    public ScaleDownSandboxExtension dropConnectionRate(double rate) {
        return fault(faults -> faults.dropConnectionRate(rate));
    }

    /** Makes the 503 / 429 / drop decisions reproducible; {@link #reset()} seeds them again. */
    public ScaleDownSandboxExtension seed(long seed) {
        return fault(faults -> faults.seed(seed));
    }

    /** Batches holding a custom_id containing this text end {@code failed}. */
    public ScaleDownSandboxExtension failBatchesMatching(String customIdPart) {
        return fault(faults -> faults.failBatchesMatching(customIdPart));
    }

    /** The next {@code count} batches submitted end {@code failed}. */
    public ScaleDownSandboxExtension failNextBatches(int count) {
        return fault(faults -> faults.failNextBatches(count));
    }

    /** Batches holding a custom_id containing this text end {@code expired}, with the first half of their items. */
    public ScaleDownSandboxExtension expireBatchesMatching(String customIdPart) {
        return fault(faults -> faults.expireBatchesMatching(customIdPart));
    }

    /** As {@link #expireBatchesMatching}, ending {@code cancelled}. */
    public ScaleDownSandboxExtension cancelBatchesMatching(String customIdPart) {
        return fault(faults -> faults.cancelBatchesMatching(customIdPart));
    }

    /** Batches holding a custom_id containing this text are answered 404 on status and output. */
    public ScaleDownSandboxExtension forgetBatchesMatching(String customIdPart) {
        return fault(faults -> faults.forgetBatchesMatching(customIdPart));
    }

    /** Batches holding a custom_id containing this text report a made-up status once processed, and never end. */
    public ScaleDownSandboxExtension madeUpStatusBatchesMatching(String customIdPart) {
        return fault(faults -> faults.madeUpStatusBatchesMatching(customIdPart));
    }

    /** Output lines whose custom_id contains this text are left out. */
    public ScaleDownSandboxExtension dropOutputLinesMatching(String customIdPart) {
        return fault(faults -> faults.dropOutputLinesMatching(customIdPart));
    }

    /** Output lines whose custom_id contains this text are written twice. */
    public ScaleDownSandboxExtension duplicateOutputLinesMatching(String customIdPart) {
        return fault(faults -> faults.duplicateOutputLinesMatching(customIdPart));
    }

    /** Output lines whose custom_id contains this text are followed by a line that is not JSON and an unknown one. */
    public ScaleDownSandboxExtension garbageAfterOutputLinesMatching(String customIdPart) {
        return fault(faults -> faults.garbageAfterOutputLinesMatching(customIdPart));
    }

    // ---- what a test uses ----

    /** {@code http://127.0.0.1:PORT}, the component's {@code baseUrl}. */
    public String baseUrl() {
        return running().baseUrl();
    }

    /** The live fault switches: a change applies to the next request. */
    public SandboxFaults faults() {
        return running().faults();
    }

    /** The POSTs that created a batch: what the API would bill. Refused and fault-answered POSTs are not counted. */
    public long batchesCreated() {
        return requestCounts().batchesCreated();
    }

    /** {@code POST /v1/batches} requests received, whatever the answer. */
    public long submitRequests() {
        return requestCounts().submit();
    }

    /** {@code GET /v1/batches/{id}} requests received. */
    public long statusRequests() {
        return requestCounts().status();
    }

    /** {@code GET /v1/batches/{id}/output} requests received. */
    public long outputRequests() {
        return requestCounts().output();
    }

    /** Requests received on any other path or method. */
    public long otherRequests() {
        return requestCounts().other();
    }

    /** Every counter: the requests by kind, batches created, and the 503, 429 and dropped connections served. */
    public RequestCounts requestCounts() {
        return running().requestCounts();
    }

    /** The running sandbox itself. */
    public ScaleDownSandbox sandbox() {
        return running();
    }

    /**
     * Back to the sandbox as configured: the fault switches of the builder methods (seed included), every count 0, no
     * batch. Done before each test for an instance field.
     */
    public synchronized void reset() {
        ScaleDownSandbox running = running();
        SandboxFaults faults = running.faults().reset();
        faultSettings.forEach(setting -> setting.accept(faults));
        running.requestCounts().reset();
        running.clearBatches();
    }

    // ---- JUnit callbacks ----

    @Override
    public void beforeAll(ExtensionContext context) {
        if (start(context)) {
            inStaticField = heldInStaticField(context.getRequiredTestClass());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!start(context) && !inStaticField) {
            reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfStartedIn(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfStartedIn(context);
    }

    /** Starts the sandbox unless it runs; true when it was started now. */
    private synchronized boolean start(ExtensionContext context) {
        if (sandbox != null) {
            return false;
        }
        SandboxFaults faults = new SandboxFaults();
        faultSettings.forEach(setting -> setting.accept(faults));
        sandbox = ScaleDownSandbox.start(config.faults(faults).build());
        startedIn = context.getUniqueId();
        return true;
    }

    private synchronized void stopIfStartedIn(ExtensionContext context) {
        if (sandbox != null && context.getUniqueId().equals(startedIn)) {
            sandbox.close();
            sandbox = null;
            startedIn = null;
        }
    }

    private synchronized ScaleDownSandbox running() {
        if (sandbox == null) {
            throw new IllegalStateException("The ScaleDown sandbox is not running: register the extension with"
                    + " @RegisterExtension; it starts before the tests (a static field) or before each test");
        }
        return sandbox;
    }

    private synchronized ScaleDownSandboxExtension configure(Runnable setting) {
        requireNotStarted();
        setting.run();
        config.build(); // a bad value fails here, where it is written
        return this;
    }

    private synchronized ScaleDownSandboxExtension fault(Consumer<SandboxFaults> setting) {
        requireNotStarted();
        setting.accept(new SandboxFaults()); // a bad value fails here, where it is written
        faultSettings.add(setting);
        return this;
    }

    private void requireNotStarted() {
        if (sandbox != null) {
            throw new IllegalStateException("The ScaleDown sandbox is running: its builder methods set how it starts;"
                    + " change a fault switch while it runs with faults()");
        }
    }

    private boolean heldInStaticField(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType().isInstance(this)
                        && field.trySetAccessible() && readStatic(field) == this) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object readStatic(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
