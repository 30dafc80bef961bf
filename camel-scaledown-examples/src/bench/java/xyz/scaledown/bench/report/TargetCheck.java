package xyz.scaledown.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import xyz.scaledown.bench.SizeResults;
import xyz.scaledown.bench.VariantKind;
import xyz.scaledown.bench.VariantResult;

/** The benchmark's targets (issue 13), checked against the measured figures. */
public final class TargetCheck {

    public static final double MIN_RATIO = 1.0;
    public static final long COLD_FROM_ITEMS = 100_000;
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

    /** End-to-end items/s of {@code kind} over those of {@code peer}; NaN when the peer did not run. */
    public static double endToEndRatio(SizeResults size, VariantKind kind, VariantKind peer) {
        VariantResult other = size.get(peer);
        return other == null ? Double.NaN : size.get(kind).itemsPerSecond() / other.itemsPerSecond();
    }

    /** The sizes where the component's output phase ran below baseline A. */
    public List<Long> throughputMisses() {
        return sizesWhere(size -> outputRatio(size) < MIN_RATIO);
    }

    /** The sizes where the warm component ran below baseline A or peer C end to end. */
    public List<Long> warmMisses() {
        return sizesWhere(size -> endToEndRatio(size, VariantKind.COMPONENT_WARM, VariantKind.BASELINE_A) < MIN_RATIO
                || endToEndRatio(size, VariantKind.COMPONENT_WARM, VariantKind.PEER_C) < MIN_RATIO);
    }

    /** The sizes from 100,000 items where the cold component ran below peer C end to end. */
    public List<Long> coldMisses() {
        return sizesWhere(size -> size.size() >= COLD_FROM_ITEMS
                && endToEndRatio(size, VariantKind.COMPONENT, VariantKind.PEER_C) < MIN_RATIO);
    }

    private List<Long> sizesWhere(Predicate<SizeResults> missed) {
        List<Long> sizesMissed = new ArrayList<>();
        for (SizeResults size : sizes) {
            if (missed.test(size)) {
                sizesMissed.add(size.size());
            }
        }
        return sizesMissed;
    }

    /** Live heap of {@code kind} at the largest size minus at the smallest. */
    public long heapGrowth(VariantKind kind) {
        return sizes.get(sizes.size() - 1).get(kind).outputLiveHeap() - sizes.get(0).get(kind).outputLiveHeap();
    }

    public boolean heapFlat(VariantKind kind) {
        return heapGrowth(kind) <= FLAT_HEAP_BYTES;
    }

    public long pollLimit() {
        return pollCheck.batches() * pollCheck.polls();
    }

    public boolean pollWithinLimit() {
        return pollCheck.statusCalls() <= pollLimit();
    }
}
