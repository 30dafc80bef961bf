package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One batch's delivery marks: byte {@code i} is {@code 1} once item {@code i} (for a batch watched by id: output line
 * {@code i}) went through the route. Marking is one positional write and no fsync, so it costs one small system call;
 * a single byte cannot be torn. Bytes past the end of the file read as not delivered.
 * <p>
 * Without fsync a power cut may lose the latest marks; those items are then delivered again (at least once), never
 * skipped.
 */
final class DeliveryFile implements Closeable {

    private static final byte DELIVERED = 1;

    private final FileChannel channel;

    DeliveryFile(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Marks {@code [from, to)} delivered, in one write. */
    void mark(long from, long to) throws IOException {
        byte[] ones = new byte[(int) (to - from)];
        Arrays.fill(ones, DELIVERED);
        ByteBuffer buffer = ByteBuffer.wrap(ones);
        while (buffer.hasRemaining()) {
            channel.write(buffer, from + buffer.position());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The marks of the first {@code size} items (all of them for a negative size); none when the file is missing. */
    static BitSet read(Path path, int size) throws IOException {
        byte[] marks = Files.exists(path) ? Files.readAllBytes(path) : new byte[0];
        int count = size < 0 ? marks.length : Math.min(size, marks.length);
        BitSet delivered = new BitSet(count);
        for (int i = 0; i < count; i++) {
            if (marks[i] == DELIVERED) {
                delivered.set(i);
            }
        }
        return delivered;
    }

    /**
     * How many marks run unbroken from the start: the output lines of a batch watched by id that went through the
     * route, never more (a lost or damaged mark ends the run, and the lines after it are delivered again).
     */
    static long run(Path path) throws IOException {
        return read(path, -1).nextClearBit(0);
    }
}
