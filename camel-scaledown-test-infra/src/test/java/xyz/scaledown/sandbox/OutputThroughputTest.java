package xyz.scaledown.sandbox;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures how fast the sandbox produces output, and that a large batch goes through submit and
 * output as streams. Prints the figures; asserts only the line counts. Size with
 * {@code -Dsandbox.throughput.items=1000000}.
 */
class OutputThroughputTest {

    private static final int ITEMS = Integer.getInteger("sandbox.throughput.items", 100_000);
    private static final String TEXT = ScaleDownSandboxTest.CONTRACT + " Contact Jane Doe at Initech LLC.";

    @Test
    void outputWriterLinesPerSecond() throws IOException {
        List<StoredItem> items = new ArrayList<>(ITEMS);
        ItemParams summarize = new ItemParams.Summarize(SummarizeModel.DEFAULT_MAX_TOKENS);
        ItemParams extract = ItemParams.Extract.of(List.of("org", "amount", "person", "date"),
                List.of("companies", "money", "people", "dates"));
        ItemParams classify = ItemParams.Classify.of(List.of(new ClassifyModel.Label("billing", "Is it about a fee?"),
                new ClassifyModel.Label("legal", "Is it about courts or disputes?")));
        for (int i = 0; i < ITEMS; i++) {
            ItemParams params = i % 5 == 3 ? extract : i % 5 == 4 ? classify : summarize;
            items.add(StoredItem.of("item-" + i, TEXT, params));
        }
        Batch batch = new Batch("batch_t", items, 0, 0, 0, Batch.Ending.COMPLETE);
        OutputWriter writer = new OutputWriter();
        CountingStream warmUp = new CountingStream();
        writer.write(batch.items(), OutputWriter.Shaping.NONE, warmUp);
        CountingStream out = new CountingStream();
        long start = System.nanoTime();
        writer.write(batch.items(), OutputWriter.Shaping.NONE, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ITEMS, out.lines);
        System.out.printf("sandbox OutputWriter: %d lines (60%% summarize, 20%% extract, 20%% classify) in %.2f s"
                + " = %.0f lines/s, %.1f MB%n", ITEMS, seconds, ITEMS / seconds, out.bytes / 1e6);
    }

    @Test
    void largeBatchOverHttp() throws Exception {
        try (ScaleDownSandbox sandbox = ScaleDownSandbox.start(SandboxConfig.builder().completeImmediately().build())) {
            HttpClient http = HttpClient.newHttpClient();
            String line = SandboxClient.line("ID", "summarize", ScaleDownSandboxTest.text(TEXT)) + "\n";
            HttpRequest submit = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1/batches"))
                    .header("x-api-key", "k").header("Content-Type", "application/jsonl")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new GeneratedLines(line, ITEMS)))).build();
            long start = System.nanoTime();
            HttpResponse<String> submitted = http.send(submit, HttpResponse.BodyHandlers.ofString());
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            assertEquals(200, submitted.statusCode(), submitted.body());
            String id = SandboxClient.json(submitted.body()).get("batch_id").asText();
            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long heapAfterSubmit = (runtime.totalMemory() - runtime.freeMemory()) / 1_000_000;

            HttpRequest output = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1/batches/" + id + "/output"))
                    .header("x-api-key", "k").GET().build();
            start = System.nanoTime();
            HttpResponse<InputStream> response = http.send(output, HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                while (reader.readLine() != null) {
                    lines++;
                }
            }
            double outputSeconds = (System.nanoTime() - start) / 1e9;
            assertEquals(ITEMS, lines);
            System.out.printf("sandbox over HTTP: submit %d lines in %.2f s (%.0f lines/s); output in %.2f s"
                    + " (%.0f lines/s); heap after submit and GC %d MB%n", ITEMS, submitSeconds, ITEMS / submitSeconds,
                    outputSeconds, lines / outputSeconds, heapAfterSubmit);
        }
    }

    /** The same request line {@code count} times, with distinct custom ids, generated on the fly. */
    private static final class GeneratedLines extends InputStream {
        private final String template;
        private final int count;
        private int next;
        private byte[] current = new byte[0];
        private int position;

        GeneratedLines(String template, int count) {
            this.template = template;
            this.count = count;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == current.length) {
                if (next == count) {
                    return -1;
                }
                current = template.replace("\"ID\"", "\"item-" + next++ + "\"").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    private static final class CountingStream extends OutputStream {
        long bytes;
        long lines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes += length;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
    }

}
