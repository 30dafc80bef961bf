package xyz.scaledown.bench;

import java.util.EnumMap;
import java.util.Map;

/** The results of every variant for one size. */
public final class SizeResults {

    private final long size;
    private final Map<VariantKind, VariantResult> results = new EnumMap<>(VariantKind.class);

    public SizeResults(long size) {
        this.size = size;
    }

    public long size() {
        return size;
    }

    public void put(VariantKind kind, VariantResult result) {
        results.put(kind, result);
    }

    public VariantResult get(VariantKind kind) {
        return results.get(kind);
    }

    public VariantResult baselineA() {
        return results.get(VariantKind.BASELINE_A);
    }
}
