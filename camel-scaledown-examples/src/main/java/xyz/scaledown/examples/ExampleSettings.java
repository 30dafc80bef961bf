package xyz.scaledown.examples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the main job runs.
 *
 * @param workDir     where inboxes, outboxes, trackers, the broker's and the database's files live
 * @param timeout     how long to wait for every input's result before giving up
 * @param environment where {@code SCALEDOWN_API_KEY} (and {@code SCALEDOWN_API_BASE}) are read from
 */
public record ExampleSettings(Path workDir, Duration timeout, Map<String, String> environment) {

    public static final Path DEFAULT_WORK_DIR = Path.of("target", "demo");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public ExampleSettings {
        workDir = workDir.toAbsolutePath().normalize();
    }

    /** {@code --work-dir DIR} and {@code --timeout-seconds N}, both optional. */
    public static ExampleSettings fromArgs(String[] args, Map<String, String> environment) {
        Path workDir = DEFAULT_WORK_DIR;
        Duration timeout = DEFAULT_TIMEOUT;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--work-dir" -> workDir = Path.of(value);
                case "--timeout-seconds" -> timeout = Duration.ofSeconds(parseSeconds(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new ExampleSettings(workDir, timeout, environment);
    }

    private static long parseSeconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1) {
                throw new IllegalArgumentException("--timeout-seconds must be at least 1, was " + value);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--timeout-seconds needs a number, was '" + value + "'");
        }
    }

    public static String usage() {
        return "usage: ScaleDownExamples [--work-dir " + DEFAULT_WORK_DIR + "] [--timeout-seconds "
                + DEFAULT_TIMEOUT.toSeconds() + "]";
    }
}
