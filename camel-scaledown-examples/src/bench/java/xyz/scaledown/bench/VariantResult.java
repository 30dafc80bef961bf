package xyz.scaledown.bench;

import java.util.Map;

/**
 * What one variant measured in its own JVM, for one size.
 *
 * @param variant            the variant's name
 * @param items              the result items that reached the sink
 * @param batches            the batches the items were sent in
 * @param totalNanos         end to end: from the first item offered to the last result in the sink
 * @param outputNanos        the output phase (see the report for each variant's definition)
 * @param outputSampledHeap  the highest used heap sampled every 50 ms during the output phase, in bytes
 * @param outputLiveHeap     the highest heap left after a collection during the output phase, in bytes
 * @param runSampledHeap     the highest used heap sampled during the whole run, in bytes
 * @param peakRss            the process's peak resident set size (VmHWM), in bytes
 * @param firstResultMillis  mean milliseconds from a batch turning completed to its first result in the sink
 * @param submitCalls        HTTP calls counted by the sandbox while the variant ran
 * @param statusCalls        status calls counted by the sandbox
 * @param outputCalls        output calls counted by the sandbox
 * @param polls              polls the results consumer made (0 for variants without one)
 * @param phasesMillis       where the end-to-end time went, phase by phase in order (empty if not measured)
 */
public record VariantResult(String variant, long items, int batches, long totalNanos, long outputNanos,
        long outputSampledHeap, long outputLiveHeap, long runSampledHeap, long peakRss, double firstResultMillis,
        long submitCalls, long statusCalls, long outputCalls, long polls, Map<String, Double> phasesMillis) {

    public VariantResult(String variant, long items, int batches, long totalNanos, long outputNanos,
                         long outputSampledHeap, long outputLiveHeap, long runSampledHeap, long peakRss,
                         double firstResultMillis, long submitCalls, long statusCalls, long outputCalls, long polls) {
        this(variant, items, batches, totalNanos, outputNanos, outputSampledHeap, outputLiveHeap, runSampledHeap,
                peakRss, firstResultMillis, submitCalls, statusCalls, outputCalls, polls, Map.of());
    }

    public double itemsPerSecond() {
        return totalNanos <= 0 ? Double.NaN : items * 1e9 / totalNanos;
    }

    public double outputItemsPerSecond() {
        return outputNanos <= 0 ? Double.NaN : items * 1e9 / outputNanos;
    }

    public VariantResult withCalls(long submit, long status, long output) {
        return new VariantResult(variant, items, batches, totalNanos, outputNanos, outputSampledHeap, outputLiveHeap,
                runSampledHeap, peakRss, firstResultMillis, submit, status, output, polls, phasesMillis);
    }
}
