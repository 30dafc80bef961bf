package xyz.scaledown.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the heap of this JVM: used heap sampled every 50 ms, and the heap left after every garbage collection
 * (the live data plus what the collector did not get to). Both are kept for the whole run and for the current phase.
 */
public final class HeapMonitor implements AutoCloseable {

    public static final long SAMPLE_MILLIS = 50;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong runSampledPeak = new AtomicLong();
    private final AtomicLong phaseSampledPeak = new AtomicLong();
    private final AtomicLong phaseAfterGcPeak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    public HeapMonitor() {
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        phaseAfterGcPeak.accumulateAndGet(usedAfter(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                    }
                }, null, null);
            }
        }
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static long usedAfter(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (!pool.getKey().contains("Metaspace") && !pool.getKey().contains("Code")
                && !pool.getKey().contains("Compressed")) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    private void sample() {
        while (running) {
            long used = memory.getHeapMemoryUsage().getUsed();
            runSampledPeak.accumulateAndGet(used, Math::max);
            phaseSampledPeak.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Collects garbage, then starts a new phase with its peaks set to the heap in use now. */
    public void startPhase() {
        System.gc();
        long used = memory.getHeapMemoryUsage().getUsed();
        phaseSampledPeak.set(used);
        phaseAfterGcPeak.set(used);
    }

    /**
     * Ends the phase: one more full collection while the caller still holds what the phase built, so that even a
     * phase too short to see a collection reports its live heap.
     */
    public PhaseHeap endPhase() {
        long sampled = Math.max(phaseSampledPeak.get(), memory.getHeapMemoryUsage().getUsed());
        System.gc();
        long afterGc = Math.max(phaseAfterGcPeak.get(), memory.getHeapMemoryUsage().getUsed());
        return new PhaseHeap(sampled, afterGc);
    }

    public long runSampledPeak() {
        return Math.max(runSampledPeak.get(), memory.getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /**
     * @param sampledPeak the highest used heap sampled during the phase (garbage included)
     * @param afterGcPeak the highest heap left after a collection during the phase: its live data
     */
    public record PhaseHeap(long sampledPeak, long afterGcPeak) {
    }
}
