package xyz.scaledown.camel.tracking;

import java.nio.file.Path;

/**
 * A second process for {@link FileTrackerOneReaderTest}: opens the directory given as argument for results, prints
 * {@code LOCKED} and waits to be killed.
 */
public final class ResultsLockHolder {

    static final String LOCKED = "LOCKED";

    private ResultsLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        FileBatchTracker tracker = new FileBatchTracker(Path.of(args[0]));
        tracker.openForResults();
        System.out.println(LOCKED);
        System.out.flush();
        Thread.currentThread().join();
    }
}
