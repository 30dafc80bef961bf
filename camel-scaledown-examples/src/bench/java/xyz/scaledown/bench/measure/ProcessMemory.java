package xyz.scaledown.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set size from {@code /proc/self/status}. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** The peak resident set size ({@code VmHWM}) in bytes, or -1 where /proc is not available. */
    public static long peakRssBytes() {
        return statusField("VmHWM:");
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String kilobytes = line.substring(name.length()).replace("kB", "").strip();
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
