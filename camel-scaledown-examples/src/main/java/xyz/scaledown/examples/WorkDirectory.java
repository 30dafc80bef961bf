package xyz.scaledown.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The job's work dir: inboxes, outboxes, trackers, broker and database files. Each run starts from an empty one. A
 * marker file shows the directory is ours, so a mistyped {@code --work-dir} never wipes someone else's files.
 */
public final class WorkDirectory {

    static final String MARKER = ".scaledown-examples";

    private final Path root;

    private WorkDirectory(Path root) {
        this.root = root;
    }

    /** Empties (or creates) the directory; refuses a non-empty directory without the marker. */
    public static WorkDirectory prepare(Path root) {
        try {
            if (Files.isDirectory(root) && !Files.exists(root.resolve(MARKER)) && !isEmpty(root)) {
                throw new IllegalStateException("the work dir " + root + " is not empty and was not made by the"
                        + " ScaleDown examples; choose another --work-dir or empty it");
            }
            if (Files.exists(root)) {
                deleteContents(root);
            }
            Files.createDirectories(root);
            Files.createFile(root.resolve(MARKER));
            return new WorkDirectory(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work dir " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path inbox(String model) {
        return root.resolve("inbox").resolve(model);
    }

    public Path outbox(String folder) {
        return root.resolve("outbox").resolve(folder);
    }

    public Path broker() {
        return root.resolve("broker");
    }

    public Path database() {
        return root.resolve("db").resolve("documents");
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
    }
}
