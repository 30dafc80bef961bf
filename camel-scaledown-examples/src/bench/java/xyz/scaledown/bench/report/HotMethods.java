package xyz.scaledown.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import xyz.scaledown.bench.VariantKind;

/**
 * The hot methods of a JFR recording ({@code jdk.ExecutionSample}): the top frames (self time) and the project's
 * methods anywhere on the stack (total time).
 */
public record HotMethods(VariantKind variant, long size, Path recording, long samples, List<Map.Entry<String, Long>> self,
        List<Map.Entry<String, Long>> ownCodeTotal) {

    private static final int SHOWN = 12;
    private static final String OWN_PACKAGE = "xyz.scaledown.camel.";

    public static HotMethods read(VariantKind variant, long size, Path recording) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ownTotal = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith(OWN_PACKAGE) && seen.add(name)) {
                    ownTotal.merge(name, 1L, Long::sum);
                }
            }
        }
        return new HotMethods(variant, size, recording, samples, top(self), top(ownTotal));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(SHOWN).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
