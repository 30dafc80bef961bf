package xyz.scaledown.camel.aggregation;

import java.nio.file.Path;
import java.util.Objects;

import xyz.scaledown.camel.ScaleDownComponent;

/**
 * A {@link ScaleDownAggregationRepository} in a directory: each batch is a record of the directory's store, the one
 * the endpoints with {@code trackerDirectory} on it use ({@link xyz.scaledown.camel.tracking.FileBatchTracker}), with
 * one append-only items file that submit and the results consumer read as it is. Survives a killed process; with
 * {@code sync=true} every append is forced to disk, so it survives a power loss too, at the cost of one disk flush per
 * {@code add}.
 */
public class FileScaleDownAggregationRepository extends ScaleDownAggregationRepository {

    /** A String, so Camel binds it from YAML and properties as it is. */
    private String directory;
    private boolean sync;

    public FileScaleDownAggregationRepository() {
    }

    public FileScaleDownAggregationRepository(Path directory) {
        this.directory = directory.toString();
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public boolean isSync() {
        return sync;
    }

    public void setSync(boolean sync) {
        this.sync = sync;
    }

    /** On the directory's one store: the tracker the endpoints with {@code trackerDirectory} on it use. */
    @Override
    AggregationStore createStore(ScaleDownComponent component) {
        return component.fileTracker(Path.of(Objects.requireNonNull(directory,
                "FileScaleDownAggregationRepository needs a directory"))).aggregationStore(sync);
    }

    @Override
    public String toString() {
        return "FileScaleDownAggregationRepository[" + directory + "]";
    }
}
