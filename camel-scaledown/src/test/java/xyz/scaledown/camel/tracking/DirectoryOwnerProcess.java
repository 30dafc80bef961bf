package xyz.scaledown.camel.tracking;

import java.nio.file.Path;

/**
 * A second process for {@link FileTrackerOneOwnerTest}: starts a file tracker on the directory given as argument,
 * prints {@code OWNED} and waits to be killed.
 */
public final class DirectoryOwnerProcess {

    static final String OWNED = "OWNED";

    private DirectoryOwnerProcess() {
    }

    public static void main(String[] args) throws Exception {
        FileBatchTracker tracker = new FileBatchTracker(Path.of(args[0]));
        tracker.start();
        System.out.println(OWNED);
        System.out.flush();
        Thread.currentThread().join();
    }
}
