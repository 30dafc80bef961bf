package xyz.scaledown.bench.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Baseline A: the output read line by line from the response stream, each line parsed and handed on at once. */
public final class StreamingBaseline extends BaselineRun {

    public StreamingBaseline() {
        super("baseline-a");
    }

    @Override
    long readOutput(RawBatchClient client, String batchId, OutputSink sink) throws IOException, InterruptedException {
        OutputLineReader parser = new OutputLineReader();
        long items = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(client.openOutput(batchId), StandardCharsets.UTF_8), 64 * 1024)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    sink.accept(parser.parse(line));
                    items++;
                }
            }
        }
        return items;
    }
}
