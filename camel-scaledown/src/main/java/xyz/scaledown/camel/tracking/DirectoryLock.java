package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS lock that makes one process (one store instance) the owner of a directory store: taken at start, before the
 * store reads or sweeps anything, and held until it stops. The OS releases it when the process dies, even killed.
 */
public final class DirectoryLock implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and takes its lock file.
     *
     * @param option   the option or class that names the directory, for the message
     * @param lockName the lock file's name in the directory
     * @throws IllegalStateException naming the directory, when another process or store instance owns it
     */
    public static DirectoryLock take(Path directory, String lockName, String option) {
        Path lockFile = directory.resolve(lockName);
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(option + " " + directory + " is owned by another process (or another"
                        + " CamelContext of this one): it holds " + lockFile + ". A directory store serves one process;"
                        + " give each its own directory, or share the work between nodes with a DataSource (the JDBC"
                        + " stores)");
            }
            return new DirectoryLock(lockFile, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.debug("Releasing {} failed; the OS releases it when the process ends", lockFile, e);
        }
    }
}
