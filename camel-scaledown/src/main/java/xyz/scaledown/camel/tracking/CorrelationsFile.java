package xyz.scaledown.camel.tracking;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * One batch's correlations as JSON Lines, {@code {"custom_id": "...", "headers": {...}}}, written once and atomically.
 */
final class CorrelationsFile {

    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private CorrelationsFile() {
    }

    static void write(Path path, Map<String, Map<String, Object>> correlations) throws IOException {
        AtomicFiles.write(path, out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Map.Entry<String, Map<String, Object>> entry : correlations.entrySet()) {
                Map<String, Object> headers = new LinkedHashMap<>();
                entry.getValue().forEach((name, value) -> {
                    if (value != null) {
                        headers.put(name, TrackingJson.storable(value));
                    }
                });
                if (headers.isEmpty()) {
                    continue;
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("custom_id", entry.getKey());
                line.put("headers", headers);
                writer.write(TrackingJson.MAPPER.writeValueAsString(line));
                writer.write('\n');
            }
            writer.flush();
        });
    }

    /** All correlations of the file; a damaged line is skipped and counted in {@code damagedLines}. */
    static Map<String, Map<String, Object>> readAll(Path path, int[] damagedLines) throws IOException {
        Map<String, Map<String, Object>> correlations = new HashMap<>();
        if (!Files.exists(path)) {
            return correlations;
        }
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                Entry entry = parse(line);
                if (entry != null) {
                    correlations.put(entry.customId, entry.headers);
                } else if (!line.isBlank()) {
                    damagedLines[0]++;
                }
            }
        }
        return correlations;
    }

    /** Scans the file for one item without loading the others. */
    static Map<String, Object> find(Path path, String customId) throws IOException {
        if (!Files.exists(path)) {
            return Map.of();
        }
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.contains(customId)) {
                    Entry entry = parse(line);
                    if (entry != null && entry.customId.equals(customId)) {
                        return entry.headers;
                    }
                }
            }
        }
        return Map.of();
    }

    private record Entry(String customId, Map<String, Object> headers) {
    }

    @SuppressWarnings("unchecked")
    private static Entry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> map = TrackingJson.MAPPER.readValue(line, MAP_TYPE);
            if (map.get("custom_id") instanceof String id && map.get("headers") instanceof Map<?, ?> headers) {
                return new Entry(id, Collections.unmodifiableMap((Map<String, Object>) headers));
            }
            return null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
