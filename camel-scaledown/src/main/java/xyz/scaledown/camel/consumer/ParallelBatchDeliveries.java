package xyz.scaledown.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.ExecutorServiceManager;

/**
 * The results consumer's pool for {@code parallelBatches} greater than 1: runs batch deliveries on its own threads,
 * remembers which batches are being delivered (a poll skips them) and keeps the failures of the deliveries for the
 * next poll to raise.
 */
final class ParallelBatchDeliveries {

    private final ExecutorServiceManager executors;
    private final ExecutorService pool;
    private final Set<String> delivering = ConcurrentHashMap.newKeySet();
    private final Queue<RuntimeCamelException> failures = new ConcurrentLinkedQueue<>();

    ParallelBatchDeliveries(ExecutorServiceManager executors, Object owner, int threads) {
        this.executors = executors;
        this.pool = executors.newFixedThreadPool(owner, "ScaleDownResultsDelivery", threads);
    }

    boolean isDelivering(String batchId) {
        return delivering.contains(batchId);
    }

    /** Runs the batch's delivery on the pool; the batch counts as being delivered until it returns. */
    void start(String batchId, Runnable delivery) {
        delivering.add(batchId);
        try {
            pool.execute(() -> {
                try {
                    delivery.run();
                } finally {
                    delivering.remove(batchId);
                }
            });
        } catch (RuntimeException e) {
            delivering.remove(batchId);
            throw e;
        }
    }

    /** Keeps a delivery's failure for the next poll to raise. */
    void failed(RuntimeCamelException failure) {
        failures.add(failure);
    }

    /** The failures kept since the last call. */
    List<RuntimeCamelException> takeFailures() {
        List<RuntimeCamelException> taken = new ArrayList<>();
        for (RuntimeCamelException failure = failures.poll(); failure != null; failure = failures.poll()) {
            taken.add(failure);
        }
        return taken;
    }

    /** Takes no new delivery and waits for the running ones, which stop between items as the consumer stops. */
    void shutdown() {
        executors.shutdownGraceful(pool);
    }
}
