package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A 16-byte file holding a delivered-items count and its check value, rewritten in place with one positional write
 * per update, so recording progress after every item costs one small system call and no fsync.
 * <p>
 * Without fsync a power cut may lose the latest updates; the count then reads lower than the truth and items are
 * delivered again (at least once), never skipped. A torn or damaged file fails the check and is reported.
 */
final class ProgressFile implements Closeable {

    static final int SIZE = 16;
    private static final long CHECK_MASK = 0x5CA1_ED0A_B47C_4E55L;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(SIZE);

    ProgressFile(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    void write(long count) throws IOException {
        buffer.clear();
        buffer.putLong(count).putLong(check(count)).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * The count stored in {@code path}; empty when the file is missing, has the wrong size, or fails its check.
     */
    static OptionalLong read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return OptionalLong.empty();
        }
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length != SIZE) {
            return OptionalLong.empty();
        }
        ByteBuffer data = ByteBuffer.wrap(bytes);
        long count = data.getLong();
        long check = data.getLong();
        return check == check(count) && count >= 0 ? OptionalLong.of(count) : OptionalLong.empty();
    }

    private static long check(long count) {
        return Long.rotateLeft(count, 29) ^ CHECK_MASK;
    }
}
