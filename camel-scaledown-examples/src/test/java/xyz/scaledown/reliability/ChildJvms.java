package xyz.scaledown.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The child JVMs a test kills: each runs a main class on the test's own classpath, its output lines handed to the
 * test as they come; {@link #close()} kills every one still alive.
 */
final class ChildJvms implements AutoCloseable {

    private final List<Process> started = new CopyOnWriteArrayList<>();

    /** Starts {@code main} with {@code args}; each line it prints (stdout and stderr) goes to {@code lines}. */
    Process start(Class<?> main, Consumer<String> lines, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and a serial GC: a child lives seconds to a minute on shared cores, where JIT and GC threads would
        // cost more than they save
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "output-of-" + main.getSimpleName() + "-" + started.size());
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly().waitFor();
        }
    }
}
