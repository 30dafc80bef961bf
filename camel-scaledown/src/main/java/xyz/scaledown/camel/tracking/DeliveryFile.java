package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * One batch's delivery flags: byte {@code i} is {@code 1} once item {@code i} went through the route. Marking an item
 * is one positional one-byte write and no fsync, so it costs one small system call; a single byte cannot be torn.
 * Bytes past the end of the file read as not delivered.
 * <p>
 * Without fsync a power cut may lose the latest marks; those items are then delivered again (at least once), never
 * skipped.
 */
final class DeliveryFile implements Closeable {

    static final byte DELIVERED = 1;

    private final FileChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    DeliveryFile(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    void markDelivered(int index) throws IOException {
        one.clear();
        one.put(DELIVERED).flip();
        while (one.hasRemaining()) {
            channel.write(one, index);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The flags stored in {@code path}, for the first {@code size} items; empty when the file is missing. */
    static BitSet read(Path path, int size) throws IOException {
        BitSet delivered = new BitSet(size);
        if (!Files.exists(path)) {
            return delivered;
        }
        byte[] bytes = Files.readAllBytes(path);
        for (int i = 0; i < Math.min(size, bytes.length); i++) {
            if (bytes[i] == DELIVERED) {
                delivered.set(i);
            }
        }
        return delivered;
    }
}
