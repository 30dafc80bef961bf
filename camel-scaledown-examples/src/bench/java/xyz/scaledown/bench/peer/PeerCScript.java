package xyz.scaledown.bench.peer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python runner of peer C ({@code src/bench/python/peer_c_runner.py}) and the seed file it reads the provider's
 * client from ({@code ../shared/seed/} next to the repository). Paths are relative to the examples module, the
 * working directory of the benchmark and of its child JVMs.
 */
public final class PeerCScript {

    static final Path RUNNER = Path.of("src", "bench", "python", "peer_c_runner.py");
    static final Path SEED = Path.of("..", "..", "shared", "seed", "scaledown-batch-api-prompts.txt");
    private static final String PYTHON = "python3";

    private PeerCScript() {
    }

    /** Empty when peer C can run here; else why not (no python3, no {@code requests}, no or another seed file). */
    public static Optional<String> unavailableReason() {
        try {
            Process process = start(List.of("check", SEED.toAbsolutePath().normalize().toString()), Map.of());
            List<String> out = readLines(process);
            if (process.waitFor() == 0) {
                return Optional.empty();
            }
            return Optional.of(out.isEmpty() ? "the peer C runner failed" : String.join(" ", out));
        } catch (IOException e) {
            return Optional.of(PYTHON + " not found (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking for " + PYTHON);
        }
    }

    static Process start(List<String> args, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, RUNNER.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    static List<String> readLines(Process process) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
