package xyz.scaledown.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the benchmark ran on: cores, memory, CPU model, Java. */
public record MachineInfo(int cores, String memory, String cpuModel, String javaVersion) {

    public static MachineInfo collect() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memTotal(), readCpuModel(), readJavaVersion());
    }

    private static String memTotal() {
        return firstLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(line -> {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }).orElse("unknown");
    }

    private static String readCpuModel() {
        return firstLine(Path.of("/proc/cpuinfo"), "model name").map(line -> line.substring(line.indexOf(':') + 1).strip())
                .orElse("unknown");
    }

    private static String readJavaVersion() {
        return System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version") + " ("
               + System.getProperty("java.vm.name") + ")";
    }

    private static java.util.Optional<String> firstLine(Path file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
