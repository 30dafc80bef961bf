package xyz.scaledown.bench.output;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

import xyz.scaledown.bench.Blackhole;
import xyz.scaledown.bench.baseline.OutputLineReader;
import xyz.scaledown.bench.baseline.RawBatchClient;
import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.camel.client.OutputLineParser;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

/**
 * The output parser alone, on the sandbox's own output for the benchmark's items, held in memory: lines per CPU
 * second of this thread, the best of the later rounds. {@code text} parses each line as a String
 * ({@link OutputLineParser#parse(String, long)}), {@code bytes} as UTF-8 bytes (what the results consumer does),
 * {@code baseline} with baseline A's {@link OutputLineReader}.
 * Run: {@code java -cp ... xyz.scaledown.bench.output.OutputParseBench <text|bytes|baseline> <lines> <rounds>}.
 */
public final class OutputParseBench {

    private static final String API_KEY = "sk-bench-output";
    private static final int PASSES_PER_ROUND = 50;

    private OutputParseBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "bytes";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String[] lines = outputLines(count);
        byte[][] bytes = new byte[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            bytes[i] = lines[i].getBytes(StandardCharsets.UTF_8);
        }
        OutputLineParser parser = new OutputLineParser();
        OutputLineReader baseline = new OutputLineReader();
        Blackhole blackhole = new Blackhole();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int round = 1; round <= rounds; round++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            for (int pass = 0; pass < PASSES_PER_ROUND; pass++) {
                for (int i = 0; i < lines.length; i++) {
                    blackhole.consume(switch (mode) {
                        case "text" -> parser.parse(lines[i], i + 1);
                        case "bytes" -> parser.parse(bytes[i], 0, bytes[i].length, i + 1);
                        case "baseline" -> baseline.parse(lines[i]);
                        default -> throw new IllegalArgumentException("mode must be text, bytes or baseline");
                    });
                }
            }
            double rate = (double) lines.length * PASSES_PER_ROUND
                          / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            best = round > 1 ? Math.max(best, rate) : best;
        }
        System.out.printf("RESULT mode=%s lines=%d warm=%,.0f lines per CPU second (fold %x)%n", mode, lines.length,
                best, blackhole.fold());
    }

    private static String[] outputLines(int count) throws Exception {
        try (ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().port(0).apiKey(API_KEY)
                .completeImmediately().build())) {
            RawBatchClient client = new RawBatchClient(sandbox.baseUrl(), API_KEY);
            String batchId = client.submit(new BatchRange(0, count));
            while (!client.status(batchId).equals("completed")) {
                Thread.sleep(20);
            }
            return client.readOutput(batchId).split("\n");
        }
    }
}
