package xyz.scaledown.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox until the process is stopped.
 * <pre>
 * --port 8089 --api-key K --queued-ms 200 --processing-ms 500 --threads 4
 * --error-rate 0.3 --429-rate 0.1 --retry-after 1 --slow-ms 0 --drop-rate 0 --seed 42
 * --fail-batches-matching PART --fail-next-batches N
 * </pre>
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return;
        }
        SandboxConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        ScaleDownSandbox sandbox = ScaleDownSandbox.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "scaledown-sandbox-shutdown"));
        System.out.println("ScaleDown sandbox running at " + sandbox.baseUrl() + " (" + config + ")");
        stopped.await();
    }

    static SandboxConfig parse(String[] args) {
        SandboxConfig.Builder config = SandboxConfig.builder().port(8089);
        SandboxFaults faults = new SandboxFaults();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--port" -> config.port(Integer.parseInt(value));
                    case "--api-key" -> config.apiKey(value);
                    case "--queued-ms" -> config.queuedMillis(Long.parseLong(value));
                    case "--processing-ms" -> config.processingMillis(Long.parseLong(value));
                    case "--threads" -> config.threads(Integer.parseInt(value));
                    case "--error-rate" -> faults.serverErrorRate(Double.parseDouble(value));
                    case "--429-rate" -> faults.tooManyRequestsRate(Double.parseDouble(value));
                    case "--retry-after" -> faults.retryAfterSeconds(Long.parseLong(value));
                    case "--slow-ms" -> faults.slowMillis(Long.parseLong(value));
                    case "--drop-rate" -> faults.dropConnectionRate(Double.parseDouble(value));
                    case "--seed" -> faults.seed(Long.parseLong(value));
                    case "--fail-batches-matching" -> faults.failBatchesMatching(value);
                    case "--fail-next-batches" -> faults.failNextBatches(Integer.parseInt(value));
                    case "--expire-batches-matching" -> faults.expireBatchesMatching(value);
                    case "--cancel-batches-matching" -> faults.cancelBatchesMatching(value);
                    case "--forget-batches-matching" -> faults.forgetBatchesMatching(value);
                    case "--made-up-status-batches-matching" -> faults.madeUpStatusBatchesMatching(value);
                    case "--drop-output-lines-matching" -> faults.dropOutputLinesMatching(value);
                    case "--duplicate-output-lines-matching" -> faults.duplicateOutputLinesMatching(value);
                    case "--garbage-after-output-lines-matching" -> faults.garbageAfterOutputLinesMatching(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + option + " needs a number, was '" + value + "'");
            }
        }
        return config.faults(faults).build();
    }

    private static String usage() {
        return "usage: SandboxMain [--port 8089] [--api-key K] [--queued-ms 200] [--processing-ms 500]"
                + " [--threads 4] [--error-rate 0..1] [--429-rate 0..1] [--retry-after S] [--slow-ms MS]"
                + " [--drop-rate 0..1] [--seed N] [--fail-batches-matching PART] [--fail-next-batches N]"
                + " [--expire-batches-matching PART] [--cancel-batches-matching PART] [--forget-batches-matching PART]"
                + " [--made-up-status-batches-matching PART] [--drop-output-lines-matching PART]"
                + " [--duplicate-output-lines-matching PART] [--garbage-after-output-lines-matching PART]";
    }
}
