package xyz.scaledown.examples;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per pipeline, the inputs that were seeded and the results and errors the routes delivered, so the main job
 * knows when every input has its answer. The result routes call {@link #record(String, String)} after writing.
 */
public class ResultTally {

    private static final Logger LOG = LoggerFactory.getLogger(ResultTally.class);

    private final Map<Pipeline, Integer> expected = new EnumMap<>(Pipeline.class);
    private final Map<Pipeline, Integer> results = new EnumMap<>(Pipeline.class);
    private final Map<Pipeline, Integer> errors = new EnumMap<>(Pipeline.class);

    public ResultTally() {
        for (Pipeline pipeline : Pipeline.values()) {
            expected.put(pipeline, 0);
            results.put(pipeline, 0);
            errors.put(pipeline, 0);
        }
    }

    public synchronized void expect(Pipeline pipeline, int inputs) {
        expected.merge(pipeline, inputs, Integer::sum);
    }

    /** Called by a result route once a result (errorCode null) or an error item has reached its destination. */
    public void record(String pipelineKey, String errorCode) {
        Pipeline pipeline = Pipeline.of(pipelineKey);
        synchronized (this) {
            (errorCode == null ? results : errors).merge(pipeline, 1, Integer::sum);
            if (delivered(pipeline) == expected.get(pipeline)) {
                LOG.info("{} pipeline: all {} inputs have their answer (results: {}, errors: {})", pipeline.key(),
                        expected.get(pipeline), results.get(pipeline), errors.get(pipeline));
            }
            notifyAll();
        }
    }

    /** Waits until every pipeline delivered as many results and errors as it had inputs; false on timeout. */
    public synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allDelivered()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public synchronized boolean allDelivered() {
        return expected.keySet().stream().allMatch(p -> delivered(p) >= expected.get(p));
    }

    public synchronized int expected(Pipeline pipeline) {
        return expected.get(pipeline);
    }

    public synchronized int results(Pipeline pipeline) {
        return results.get(pipeline);
    }

    public synchronized int errors(Pipeline pipeline) {
        return errors.get(pipeline);
    }

    public synchronized int totalExpected() {
        return expected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** For example {@code files 15/16, queue 7/7, database 7/7}. */
    public synchronized String progress() {
        return expected.keySet().stream()
                .map(p -> p.key() + " " + delivered(p) + "/" + expected.get(p))
                .collect(Collectors.joining(", "));
    }

    private int delivered(Pipeline pipeline) {
        return results.get(pipeline) + errors.get(pipeline);
    }
}
