package xyz.scaledown.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import xyz.scaledown.bench.measure.HeapMonitor;
import xyz.scaledown.bench.sandbox.SandboxControl;
import xyz.scaledown.bench.sandbox.SandboxCounts;

/**
 * The entry point of a measured child JVM: runs one variant once and prints its {@link VariantResult} as a line
 * {@code BENCH-RESULT <json>}. The sandbox's request counts are reset before the run and read after it (a variant
 * that prepares batches first resets them again when its measured part starts).
 */
public final class VariantMain {

    static final String RESULT_PREFIX = "BENCH-RESULT ";

    private VariantMain() {
    }

    public static void main(String[] args) throws Exception {
        VariantKind kind = VariantKind.byId(args[0]);
        VariantSettings settings = VariantSettings.fromArgs(args, 1);
        SandboxControl control = settings.control();
        control.resetCounts();
        VariantResult result;
        try (HeapMonitor heap = new HeapMonitor()) {
            result = kind.create().run(settings, heap);
        }
        SandboxCounts counts = control.counts();
        result = result.withCalls(counts.submit(), counts.status(), counts.output());
        System.out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(result));
        System.exit(0);
    }
}
