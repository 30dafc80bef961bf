package xyz.scaledown.bench.peer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import xyz.scaledown.bench.Variant;
import xyz.scaledown.bench.VariantResult;
import xyz.scaledown.bench.VariantSettings;
import xyz.scaledown.bench.data.JsonlRequestLines;
import xyz.scaledown.bench.measure.HeapMonitor;

/**
 * Peer C: the provider's production-ready Python client run by {@code peer_c_runner.py}. The benchmark's items are
 * written to a file first (not timed: the peer gets its items ready-made, where A and the component build each one
 * while they run), then the runner submits them as one batch, waits with the same poll interval, and reads and parses
 * the whole output, as the client's {@code run()} does.
 */
public final class ProviderClientRun implements Variant {

    private static final String RESULT_PREFIX = "PEER-C-RESULT ";

    @Override
    public VariantResult run(VariantSettings settings, HeapMonitor heap) throws Exception {
        Path items = Files.createTempFile("bench-peer-c-", ".jsonl");
        try {
            writeItems(items, settings.items());
            Process process = PeerCScript.start(List.of("run", PeerCScript.SEED.toAbsolutePath().normalize().toString(),
                    settings.baseUrl(), items.toString(), Double.toString(settings.pollDelayMillis() / 1000.0)),
                    Map.of("SCALEDOWN_API_KEY", settings.apiKey()));
            JsonNode result = null;
            for (String line : PeerCScript.readLines(process)) {
                if (line.startsWith(RESULT_PREFIX)) {
                    result = new ObjectMapper().readTree(line.substring(RESULT_PREFIX.length()));
                } else {
                    System.out.println(line);
                }
            }
            int exit = process.waitFor();
            if (result == null || exit != 0) {
                throw new IllegalStateException("peer C failed (exit " + exit + ")");
            }
            return new VariantResult("peer-c", result.path("items").asLong(), 1, result.path("total_ns").asLong(),
                    result.path("output_ns").asLong(), 0, 0, 0, result.path("peak_rss").asLong(), Double.NaN, 0, 0, 0,
                    0);
        } finally {
            Files.deleteIfExists(items);
        }
    }

    private static void writeItems(Path file, long count) throws IOException {
        JsonlRequestLines lines = new JsonlRequestLines();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long i = 0; i < count; i++) {
                out.write(lines.line(i));
            }
        }
    }
}
