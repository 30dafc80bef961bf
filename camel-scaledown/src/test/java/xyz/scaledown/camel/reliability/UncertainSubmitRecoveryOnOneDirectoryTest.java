package xyz.scaledown.camel.reliability;

import java.nio.file.Path;

import xyz.scaledown.camel.aggregation.FileScaleDownAggregationRepository;
import xyz.scaledown.camel.aggregation.ScaleDownAggregationRepository;

/**
 * {@link UncertainSubmitRecoveryTest} with the repository and submit's tracker on one directory: submit adopts the
 * aggregation record, and the record of the cut-off POST is what recovery hands back, refused as uncertain with its
 * items, then given up or dead-lettered.
 */
class UncertainSubmitRecoveryOnOneDirectoryTest extends UncertainSubmitRecoveryTest {

    /** Set while the superclass builds the repository, before this class's initializers run: it has none. */
    private Path store;

    private Path store() {
        if (store == null) {
            store = work.resolve("one" + System.nanoTime());
        }
        return store;
    }

    @Override
    ScaleDownAggregationRepository newRepository() {
        return new FileScaleDownAggregationRepository(store());
    }

    @Override
    String submitUri() {
        return "scaledown:submit?trackerDirectory=" + store();
    }
}
