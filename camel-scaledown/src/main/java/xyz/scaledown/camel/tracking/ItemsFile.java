package xyz.scaledown.camel.tracking;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * One batch's items as JSON Lines in submission order,
 * {@code {"custom_id": "...", "request_line": "...", "headers": {...}}} (the request line only when it was kept,
 * headers only for items that have any), written atomically.
 */
final class ItemsFile {

    /** Stands for the custom_id of a damaged line, so the lines after it keep their index. */
    static final String DAMAGED_PREFIX = "\u0000damaged line ";

    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private ItemsFile() {
    }

    /**
     * The file's content: custom_ids in order, the headers of the items that have any, and the request lines in order
     * (null when none was kept).
     */
    record Content(List<String> customIds, Map<String, Map<String, Object>> correlations, List<String> requestLines,
            int damagedLines) {
    }

    static void write(Path path, List<String> customIds, Map<String, Map<String, Object>> correlations,
            List<String> requestLines) throws IOException {
        AtomicFiles.write(path, out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (int i = 0; i < customIds.size(); i++) {
                String customId = customIds.get(i);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("custom_id", customId);
                if (requestLines != null) {
                    line.put("request_line", requestLines.get(i));
                }
                Map<String, Object> headers = correlations.get(customId);
                if (headers != null && !headers.isEmpty()) {
                    line.put("headers", headers);
                }
                writer.write(TrackingJson.MAPPER.writeValueAsString(line));
                writer.write('\n');
            }
            writer.flush();
        });
    }

    /** Every item of the file; a damaged line keeps its place with a placeholder id and is counted. */
    static Content readAll(Path path) throws IOException {
        List<String> customIds = new ArrayList<>();
        Map<String, Map<String, Object>> correlations = new HashMap<>();
        List<String> requestLines = new ArrayList<>();
        boolean kept = false;
        int damaged = 0;
        if (Files.exists(path)) {
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Entry entry = parse(line);
                    if (entry == null) {
                        damaged++;
                        customIds.add(DAMAGED_PREFIX + customIds.size());
                        requestLines.add(null);
                        continue;
                    }
                    customIds.add(entry.customId);
                    requestLines.add(entry.requestLine);
                    kept |= entry.requestLine != null;
                    if (!entry.headers.isEmpty()) {
                        correlations.put(entry.customId, entry.headers);
                    }
                }
            }
        }
        return new Content(customIds, correlations, kept ? requestLines : null, damaged);
    }

    /** Scans the file for one item's headers without loading the others. */
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

    private record Entry(String customId, Map<String, Object> headers, String requestLine) {
    }

    @SuppressWarnings("unchecked")
    private static Entry parse(String line) {
        try {
            Map<String, Object> map = TrackingJson.MAPPER.readValue(line, MAP_TYPE);
            if (!(map.get("custom_id") instanceof String id)) {
                return null;
            }
            Object headers = map.get("headers");
            String requestLine = map.get("request_line") instanceof String kept ? kept : null;
            if (headers == null) {
                return new Entry(id, Map.of(), requestLine);
            }
            return headers instanceof Map<?, ?> h
                    ? new Entry(id, Collections.unmodifiableMap((Map<String, Object>) h), requestLine) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
