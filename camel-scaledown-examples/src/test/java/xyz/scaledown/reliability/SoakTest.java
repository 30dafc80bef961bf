package xyz.scaledown.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.JdbcScaleDownAggregationRepository;
import xyz.scaledown.camel.reliability.CapturedLog;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.SandboxFaults;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200,000 items in 100 batches through the full pipeline with faults on; only with {@code -Psoak}. Prints and writes
 * the figures to {@code target/soak-figures-<stores>.txt}. Batches holding a custom_id with {@code soak-19} in it expire
 * on every submission, and the results consumer sends their unanswered items again up to {@code maxAttempts=3}.
 * <p>
 * Run on each store: in memory, a directory ({@link FileScaleDownAggregationRepository} and {@code trackerDirectory})
 * and PostgreSQL ({@link JdbcScaleDownAggregationRepository} and {@code trackerDataSource}). After the run the durable
 * stores must hold nothing but submit keys; then a second application on the same stores, with a
 * {@code submitKeyRetention} the old keys have outlived, submits one batch, and the stores hold its key alone.
 */
@Tag("soak")
class SoakTest {

    private static final int ITEMS = 200_000;
    private static final int BATCH_ITEMS = 2_000;

    @TempDir
    Path directory;

    /** {@code -Dsoak.stores=postgres} runs one of them. */
    static List<String> stores() {
        return List.of(System.getProperty("soak.stores", "directory,postgres,memory").split(","));
    }

    @ParameterizedTest(name = "{0} stores")
    @MethodSource("stores")
    void twoHundredThousandItemsWithFaultsAreAllAccountedFor(String stores) throws Exception {
        SandboxFaults faults = new SandboxFaults(2026).serverErrorRate(0.10).tooManyRequestsRate(0.03)
                .retryAfterSeconds(0).dropConnectionRate(0.01).expireBatchesMatching("soak-19");
        HeapSampler heap = new HeapSampler();
        long started = System.nanoTime();
        try (SoakStores store = SoakStores.of(stores, directory);
             CapturedLog log = new CapturedLog(Level.WARN, "xyz.scaledown");
             ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0)
                     .apiKey(SandboxPipeline.API_KEY).queuedMillis(20).processingMillis(50).faults(faults).build())) {
            String figures;
            SandboxPipeline pipeline = new SandboxPipeline(sandbox, BATCH_ITEMS, 10_000, store.aggregation(),
                    store::configure);
            try {
                pipeline.configuration().setMaxAttempts(3);
                pipeline.start();
                heap.start();

                pipeline.send("soak", ITEMS, 1_000);
                pipeline.awaitAllAccountedFor(ITEMS, 900_000);
                long seconds = (System.nanoTime() - started) / 1_000_000_000;
                heap.stop();
                System.gc();
                long usedAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

                long retries = log.lines().stream().filter(line -> line.contains(", retry ")).count();
                figures = "stores " + stores + "\n"
                        + "items sent " + ITEMS + "\n"
                        + "submit calls (retries included) " + sandbox.requestCounts().submit() + "\n"
                        + "delivered results " + pipeline.delivered.size() + "\n"
                        + "error items " + pipeline.errorItems.size() + " (batch_expired "
                                + pipeline.errorItemsWithCode("batch_expired") + ")\n"
                        + "items by attempt " + new java.util.TreeMap<>(pipeline.attempts.values().stream().collect(
                                java.util.stream.Collectors.groupingBy(a -> a, java.util.stream.Collectors.counting())))
                        + "\n"
                        + "reported failed (dead letter) " + pipeline.reportedFailed.size() + "\n"
                        + "failed batches " + pipeline.failedBatches.get() + "\n"
                        + "why submits were reported " + pipeline.submitFailureMessages.stream()
                                .map(m -> m.length() > 150 ? m.substring(0, 150) + "..." : m).toList() + "\n"
                        + "result exchanges before the idempotent consumer " + pipeline.rawResultExchanges.get() + "\n"
                        + "duplicates removed " + pipeline.duplicatesRemoved.get() + "\n"
                        + "transient poll reports " + pipeline.transientReports.get() + "\n"
                        + "sandbox: " + sandbox.requestCounts() + "\n"
                        + "retries logged " + retries + "\n"
                        + "wall time " + seconds + " s\n"
                        + "peak used heap " + heap.peak.get() / (1024 * 1024) + " MiB (max " + Runtime.getRuntime()
                                .maxMemory() / (1024 * 1024) + " MiB), peak heap after a collection "
                        + heap.peakAfterGc.get() / (1024 * 1024) + " MiB, used after the run and a GC "
                        + usedAfterGc / (1024 * 1024) + " MiB\n";

                assertEquals(ITEMS, pipeline.accountedFor(), pipeline.summary(ITEMS));
                assertTrue(sandbox.requestCounts().submit() >= ITEMS / BATCH_ITEMS, "at least 100 batches");
                assertTrue(sandbox.requestCounts().serverErrors() > 0 && sandbox.requestCounts().dropped() > 0,
                        "faults on");
                assertTrue(pipeline.attempts.values().stream().anyMatch(attempt -> attempt == 3),
                        "follow-ups answered");
            } finally {
                pipeline.close();
            }
            if (!store.durable()) {
                report(stores, figures);
                return;
            }

            // the application stopped: its stores hold the submit keys and nothing else
            StoreContents afterRun = store.contents();
            figures += "left in the stores after the run: " + afterRun + "\n";
            report(stores, figures);
            afterRun.assertOnlyKeys();
            // follow-up batches forget their keys once delivered; each batch the aggregator submitted keeps its own
            assertTrue(afterRun.keys() >= ITEMS / BATCH_ITEMS - pipeline.reportedSubmits.get(),
                    "a key per batch the aggregator submitted: " + afterRun);

            // another application on the same stores, whose submitKeyRetention those keys have outlived
            faults.reset();
            Thread.sleep(10);
            SandboxPipeline later = new SandboxPipeline(sandbox, BATCH_ITEMS, 10_000, store.aggregation(),
                    configuration -> {
                        store.configure(configuration);
                        configuration.setSubmitKeyRetention(5);
                    });
            try {
                later.start();
                later.sendAsOneMessage("after-retention", 10);
                later.awaitAllAccountedFor(10, 60_000);
                assertEquals(10, later.delivered.size(), later.summary(10));
            } finally {
                later.close();
            }
            StoreContents afterRetention = store.contents();
            figures += "left in the stores after the retention and one more batch: " + afterRetention + "\n";
            report(stores, figures);
            afterRetention.assertOnlyKeys();
            assertEquals(1, afterRetention.keys(), "only the new batch's key outlives the retention: " + afterRetention);
        }
    }

    private static void report(String stores, String figures) throws Exception {
        System.out.println(figures);
        Files.writeString(Path.of("target", "soak-figures-" + stores + ".txt"), figures);
    }

    /**
     * Samples the used heap every 100 ms and keeps the peak, and the peak of what the heap pools held right after a
     * collection (the live set: what the run really keeps).
     */
    private static final class HeapSampler {
        final AtomicLong peak = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong();
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::sample, "heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void sample() {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                long afterGc = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                        .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
                peakAfterGc.accumulateAndGet(afterGc, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
