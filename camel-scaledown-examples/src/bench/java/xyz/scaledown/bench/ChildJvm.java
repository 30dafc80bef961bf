package xyz.scaledown.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Starts child JVMs with this JVM's class path and the same flags for every measured variant. */
public final class ChildJvm {

    /** The heap every measured variant gets. */
    public static final String VARIANT_HEAP = "4g";

    private ChildJvm() {
    }

    /** Flags shared by every child, besides the heap size. */
    public static List<String> commonFlags() {
        return List.of("-XX:+UseG1GC", "-Djava.awt.headless=true", "-Dlog4j2.level=WARN");
    }

    public static Process start(String heap, List<String> extraFlags, Class<?> mainClass, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(commonFlags());
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs one variant in a fresh JVM and returns what it measured. */
    public static VariantResult runVariant(VariantKind kind, VariantSettings settings, List<String> extraFlags)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(kind.id());
        args.addAll(settings.toArgs());
        Process process = start(VARIANT_HEAP, extraFlags, VariantMain.class, args);
        process.getOutputStream().close();
        VariantResult result = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(VariantMain.RESULT_PREFIX)) {
                    result = new ObjectMapper().readValue(line.substring(VariantMain.RESULT_PREFIX.length()),
                            VariantResult.class);
                } else {
                    System.out.println("  [" + kind.id() + "] " + line);
                }
            }
        }
        int exit = process.waitFor();
        if (result == null || exit != 0) {
            throw new IllegalStateException(kind.id() + " with " + settings.items() + " items failed (exit " + exit + ")");
        }
        return result;
    }

    /** Echoes a child's remaining output in the background. */
    public static void drain(BufferedReader out, String name) {
        Thread thread = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("  [" + name + "] " + line);
                }
            } catch (IOException e) {
                // the child ended
            }
        }, "drain-" + name);
        thread.setDaemon(true);
        thread.start();
    }
}
