package xyz.scaledown.camel.aggregation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.ScaleDownBatchAggregationStrategy;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileAggregationRepositoryTest extends AggregationRepositoryContract {

    @TempDir
    Path directory;

    /** As a restarted JVM: the component's store is stopped (its lock released) and opened again from the files. */
    @Override
    ScaleDownAggregationRepository newRepository() {
        restartTheStore();
        return new FileScaleDownAggregationRepository(directory) {
            @Override
            AggregationStore createStore(ScaleDownComponent component) {
                return counted(super.createStore(component));
            }
        };
    }

    @Test
    void anAppendCutShortByACrashIsDroppedAtStart() throws Exception {
        FileScaleDownAggregationRepository repository = new FileScaleDownAggregationRepository(directory.resolve("torn"));
        repository.start();
        Exchange first = new DefaultExchange(context);
        first.getMessage().setBody(SummarizeItem.of("a", "kept"));
        repository.add(context, "k", new ScaleDownBatchAggregationStrategy().aggregate(null, first));
        repository.stop();
        try (var files = Files.list(directory.resolve("torn"))) {
            Path items = files.filter(p -> p.toString().endsWith(".items")).findFirst().orElseThrow();
            // an add's lines without their commit mark, as a kill in the middle of an add leaves them
            Files.writeString(items, "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}\n"
                    + "{\"custom_id\":\"c\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"bo",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }

        restartTheStore();
        FileScaleDownAggregationRepository restarted = new FileScaleDownAggregationRepository(directory.resolve("torn"));
        restarted.start();
        ScaleDownBatch batch = restarted.get(context, "k").getMessage().getBody(ScaleDownBatch.class);
        assertEquals(1, batch.size());
        assertEquals(List.of("a"), batch.items().stream().map(item -> item.customId()).toList());
        restarted.stop();
    }

    private void restartTheStore() {
        ScaleDownComponent component = context.getComponent("scaledown", ScaleDownComponent.class);
        component.stop();
        component.start();
    }
}
