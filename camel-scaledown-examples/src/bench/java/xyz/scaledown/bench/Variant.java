package xyz.scaledown.bench;

import xyz.scaledown.bench.measure.HeapMonitor;

/** One way of getting the results of the data set through to a sink, measured in its own JVM. */
public interface Variant {

    /** Runs once; the HTTP call counts are filled in by the caller from the sandbox. */
    VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception;
}
