package xyz.scaledown.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import xyz.scaledown.bench.report.HotMethods;
import xyz.scaledown.bench.report.MachineInfo;
import xyz.scaledown.bench.report.PerformanceReport;
import xyz.scaledown.bench.report.TargetCheck;
import xyz.scaledown.bench.report.ThroughputHeapChart;
import xyz.scaledown.bench.peer.PeerCScript;
import xyz.scaledown.bench.sandbox.SandboxProcess;

/**
 * Runs the benchmark: a sandbox in its own JVM, then for each size every variant in a fresh JVM, then the poll
 * check against a slow sandbox; profiles a variant that misses a target; writes {@code docs/performance.md},
 * {@code docs/performance/results.csv} and {@code docs/performance/throughput-heap.png}.
 */
public final class BenchMain {

    private static final List<VariantKind> MEASURED = List.of(VariantKind.BASELINE_A, VariantKind.BASELINE_B,
            VariantKind.PEER_C, VariantKind.COMPONENT, VariantKind.COMPONENT_WARM, VariantKind.COMPONENT_OUTPUT);
    private static final List<VariantKind> PROFILED = List.of(VariantKind.COMPONENT, VariantKind.COMPONENT_OUTPUT,
            VariantKind.BASELINE_A);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        String only = System.getProperty("bench.variants", "").strip();
        if (!only.isEmpty()) {
            runOnly(settings, only);
            return;
        }
        long started = System.nanoTime();
        List<SizeResults> sizes = new ArrayList<>();
        Optional<String> peerCUnavailable = PeerCScript.unavailableReason();
        peerCUnavailable.ifPresent(reason -> System.out.println("peer C skipped: " + reason));
        try (SandboxProcess sandbox = SandboxProcess.start(BenchSettings.QUEUED_MILLIS,
                BenchSettings.PROCESSING_MILLIS, BenchSettings.API_KEY)) {
            for (long size : settings.sizes()) {
                SizeResults results = new SizeResults(size);
                for (VariantKind kind : MEASURED) {
                    if (kind == VariantKind.PEER_C && peerCUnavailable.isPresent()) {
                        continue;
                    }
                    results.put(kind, runOne(sandbox, settings, kind, size, List.of()));
                }
                sizes.add(results);
            }
        }
        VariantResult pollCheck;
        try (SandboxProcess slowSandbox = SandboxProcess.start(BenchSettings.QUEUED_MILLIS,
                BenchSettings.POLL_CHECK_PROCESSING_MILLIS, BenchSettings.API_KEY)) {
            VariantSettings pollSettings = new VariantSettings(slowSandbox.baseUrl(), slowSandbox.controlUrl(),
                    BenchSettings.API_KEY, (long) BenchSettings.POLL_CHECK_BATCHES * BenchSettings.POLL_CHECK_BATCH_ITEMS,
                    BenchSettings.POLL_CHECK_BATCH_ITEMS, settings.pollDelayMillis(),
                    BenchSettings.QUEUED_MILLIS + BenchSettings.POLL_CHECK_PROCESSING_MILLIS,
                    settings.completionTimeoutMillis(), settings.checkerIntervalMillis(), false,
                    settings.repository(), settings.parallelBatches());
            System.out.println("poll-check: " + BenchSettings.POLL_CHECK_BATCHES + " batches");
            pollCheck = ChildJvm.runVariant(VariantKind.POLL_CHECK, pollSettings, List.of());
        }
        TargetCheck targets = new TargetCheck(sizes, pollCheck);
        List<HotMethods> profiles = settings.profile() ? profile(settings, targets) : List.of();

        Files.createDirectories(settings.docs().resolve("performance"));
        new ThroughputHeapChart(sizes).write(settings.docs().resolve("performance/throughput-heap.png"));
        PerformanceReport report = new PerformanceReport(settings, MachineInfo.collect(), sizes, pollCheck, targets,
                profiles, peerCUnavailable, (System.nanoTime() - started) / 1_000_000_000L);
        report.writeCsv(settings.docs().resolve("performance/results.csv"));
        report.writeMarkdown(settings.docs().resolve("performance.md"));
        System.out.println("wrote " + settings.docs().resolve("performance.md"));
    }

    /**
     * {@code -Dbench.variants=component,component-warm}: runs only those variants at each size and prints their
     * figures, for trying a change; writes no report. With {@code -Dbench.jfr=true} each runs with JFR into
     * {@code target/bench-<variant>-<size>.jfr}.
     */
    private static void runOnly(BenchSettings settings, String variants) throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start(BenchSettings.QUEUED_MILLIS,
                BenchSettings.PROCESSING_MILLIS, BenchSettings.API_KEY)) {
            for (long size : settings.sizes()) {
                for (String id : variants.split(",")) {
                    String recording = System.getProperty("bench.jfr", "").isEmpty() ? null
                            : java.nio.file.Path.of("target", "bench-" + id.strip() + "-" + size + ".jfr").toAbsolutePath()
                                    .toString();
                    VariantResult result = runOne(sandbox, settings, VariantKind.byId(id.strip()), size,
                            recording == null ? List.of()
                                    : List.of("-XX:StartFlightRecording=settings=profile,filename=" + recording));
                    System.out.println(id.strip() + " " + size + " phases ms: " + result.phasesMillis());
                }
            }
        }
        System.out.println("only " + variants + " were run: no report written");
    }

    private static VariantResult runOne(SandboxProcess sandbox, BenchSettings settings, VariantKind kind, long size,
                                        List<String> extraFlags) throws Exception {
        sandbox.control().clearBatches();
        System.out.println(kind.id() + ": " + size + " items");
        VariantResult result = ChildJvm.runVariant(kind,
                settings.forSize(sandbox.baseUrl(), sandbox.controlUrl(), size), extraFlags);
        System.out.printf("%s: %,d items, %.0f items/s end to end, %.0f items/s output, output heap %d MB live%n",
                kind.id(), result.items(), result.itemsPerSecond(), result.outputItemsPerSecond(),
                result.outputLiveHeap() >> 20);
        return result;
    }

    /**
     * Re-runs the component (end to end, cold), its output phase and baseline A with JFR: at the largest size where
     * the output throughput target was missed, else at the largest size.
     */
    private static List<HotMethods> profile(BenchSettings settings, TargetCheck targets) throws Exception {
        List<HotMethods> profiles = new ArrayList<>();
        List<Long> missed = targets.throughputMisses();
        long size = missed.isEmpty() ? settings.sizes().get(settings.sizes().size() - 1) : missed.get(missed.size() - 1);
        Files.createDirectories(settings.docs().resolve("performance"));
        try (SandboxProcess sandbox = SandboxProcess.start(BenchSettings.QUEUED_MILLIS,
                BenchSettings.PROCESSING_MILLIS, BenchSettings.API_KEY)) {
            for (VariantKind kind : PROFILED) {
                var recording = java.nio.file.Path.of("target", "bench-" + kind.id() + "-" + size + ".jfr")
                        .toAbsolutePath();
                runOne(sandbox, settings, kind, size, List.of("-XX:StartFlightRecording=settings=profile,filename="
                                                              + recording));
                profiles.add(HotMethods.read(kind, size, recording));
            }
        }
        return profiles;
    }
}
