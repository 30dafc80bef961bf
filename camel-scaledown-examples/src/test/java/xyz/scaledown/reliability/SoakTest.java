package xyz.scaledown.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.reliability.CapturedLog;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.SandboxFaults;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200,000 items in 100 batches through the full pipeline with faults on; only with {@code -Psoak}. Prints and writes
 * the figures to {@code target/soak-figures.txt}. Batches holding a custom_id with {@code soak-19} in it expire on
 * every submission, and the results consumer sends their unanswered items again up to {@code maxAttempts=3}.
 */
@Tag("soak")
class SoakTest {

    private static final int ITEMS = 200_000;
    private static final int BATCH_ITEMS = 2_000;

    @Test
    void twoHundredThousandItemsWithFaultsAreAllAccountedFor() throws Exception {
        SandboxFaults faults = new SandboxFaults(2026).serverErrorRate(0.10).tooManyRequestsRate(0.03)
                .retryAfterSeconds(0).dropConnectionRate(0.01).expireBatchesMatching("soak-19");
        HeapSampler heap = new HeapSampler();
        long started = System.nanoTime();
        try (CapturedLog log = new CapturedLog(Level.WARN, "xyz.scaledown");
             ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0)
                     .apiKey(SandboxPipeline.API_KEY).queuedMillis(20).processingMillis(50).faults(faults).build());
             SandboxPipeline pipeline = new SandboxPipeline(sandbox, BATCH_ITEMS, 10_000)) {
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
            String figures = "items sent " + ITEMS + "\n"
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
                    + "peak used heap " + heap.peak.get() / (1024 * 1024) + " MiB (max " + Runtime.getRuntime().maxMemory()
                            / (1024 * 1024) + " MiB), peak heap after a collection " + heap.peakAfterGc.get() / (1024 * 1024)
                    + " MiB, used after the run and a GC " + usedAfterGc / (1024 * 1024) + " MiB\n";
            System.out.println(figures);
            Files.writeString(Path.of("target", "soak-figures.txt"), figures);

            assertEquals(ITEMS, pipeline.accountedFor(), pipeline.summary(ITEMS));
            assertTrue(sandbox.requestCounts().submit() >= ITEMS / BATCH_ITEMS, "at least 100 batches");
            assertTrue(sandbox.requestCounts().serverErrors() > 0 && sandbox.requestCounts().dropped() > 0, "faults on");
            assertTrue(pipeline.attempts.values().stream().anyMatch(attempt -> attempt == 3), "follow-ups answered");
        }
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
