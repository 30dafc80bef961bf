package xyz.scaledown.camel.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

/**
 * The results consumer's hand-off for {@code parallelBatches} greater than 1: that many delivery threads and a queue
 * of as many batches. A poll claims no more due batches than there are {@link #free() free} threads, so a batch waits
 * in the store, holding no lease, rather than in the queue; an offer the pool refuses anyway is never run on the poll
 * thread (the poll releases the batch's lease and it waits for a later poll). Remembers which batches are queued or delivered (a poll skips them) and
 * keeps the deliveries' failures for the next poll to raise.
 */
final class ParallelBatchDeliveries {

    private final ExecutorServiceManager executors;
    private final ExecutorService pool;
    private final int threads;
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final Queue<RuntimeCamelException> failures = new ConcurrentLinkedQueue<>();

    ParallelBatchDeliveries(ExecutorServiceManager executors, Object owner, int threads) {
        this.executors = executors;
        this.threads = threads;
        ThreadPoolProfile profile = new ThreadPoolProfile("ScaleDownResultsDelivery");
        profile.setPoolSize(threads);
        profile.setMaxPoolSize(threads);
        profile.setMaxQueueSize(threads);
        // a full hand-off refuses the batch: Camel's default (CallerRuns) would deliver it on the poll thread
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        this.pool = executors.newThreadPool(owner, "ScaleDownResultsDelivery", profile);
    }

    /** True while the batch is queued or being delivered. */
    boolean isTaken(String batchId) {
        return taken.contains(batchId);
    }

    /** How many more batches the delivery threads can take now. */
    int free() {
        return Math.max(0, threads - taken.size());
    }

    /** Queues the batch for a delivery thread; false when every thread is busy and the queue full. */
    boolean offer(String batchId, Runnable delivery) {
        if (!taken.add(batchId)) {
            return false;
        }
        try {
            pool.execute(() -> {
                try {
                    delivery.run();
                } finally {
                    taken.remove(batchId);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            taken.remove(batchId);
            return false;
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

    /** Takes no new batch and waits for the running deliveries, which stop between items as the consumer stops. */
    void shutdown() {
        executors.shutdownGraceful(pool);
    }
}
