package xyz.scaledown.bench.report;

import java.util.ArrayList;
import java.util.List;

import xyz.scaledown.bench.SizeResults;
import xyz.scaledown.bench.VariantKind;
import xyz.scaledown.bench.VariantResult;

/** The benchmark's three targets, checked against the measured figures. */
public final class TargetCheck {

    public static final double MIN_OUTPUT_RATIO = 0.8;
    public static final long FLAT_HEAP_BYTES = 64L << 20;

    private final List<SizeResults> sizes;
    private final VariantResult pollCheck;

    public TargetCheck(List<SizeResults> sizes, VariantResult pollCheck) {
        this.sizes = sizes;
        this.pollCheck = pollCheck;
    }

    /** Component output items/s over baseline A output items/s. */
    public static double outputRatio(SizeResults size) {
        return size.get(VariantKind.COMPONENT_OUTPUT).outputItemsPerSecond() / size.baselineA().outputItemsPerSecond();
    }

    /** The sizes where the component's output phase ran below 0.8 x baseline A. */
    public List<Long> throughputMisses() {
        List<Long> missed = new ArrayList<>();
        for (SizeResults size : sizes) {
            if (outputRatio(size) < MIN_OUTPUT_RATIO) {
                missed.add(size.size());
            }
        }
        return missed;
    }

    /** Live heap of the component's output phase at the largest size minus at the smallest. */
    public long heapGrowth(VariantKind kind) {
        return sizes.get(sizes.size() - 1).get(kind).outputLiveHeap() - sizes.get(0).get(kind).outputLiveHeap();
    }

    public boolean heapFlat() {
        return heapGrowth(VariantKind.COMPONENT_OUTPUT) <= FLAT_HEAP_BYTES;
    }

    public long pollLimit() {
        return pollCheck.batches() * pollCheck.polls();
    }

    public boolean pollWithinLimit() {
        return pollCheck.statusCalls() <= pollLimit();
    }
}
