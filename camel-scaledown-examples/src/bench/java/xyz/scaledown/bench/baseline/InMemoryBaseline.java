package xyz.scaledown.bench.baseline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Baseline B: as the provider's example clients do, the whole output read into one string, split into lines,
 * parsed into a list, and only then handed on.
 */
public final class InMemoryBaseline extends BaselineRun {

    public InMemoryBaseline() {
        super("baseline-b");
    }

    @Override
    long readOutput(RawBatchClient client, String batchId, OutputSink sink) throws IOException, InterruptedException {
        OutputLineReader parser = new OutputLineReader();
        String body = client.readOutput(batchId);
        String[] lines = body.split("\n");
        List<ParsedResult> results = new ArrayList<>(lines.length);
        for (String line : lines) {
            if (!line.isBlank()) {
                results.add(parser.parse(line));
            }
        }
        results.forEach(sink::accept);
        return results.size();
    }
}
