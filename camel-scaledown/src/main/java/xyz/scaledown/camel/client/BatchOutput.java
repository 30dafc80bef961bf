package xyz.scaledown.camel.client;

import xyz.scaledown.camel.ScaleDownException;
import java.io.Closeable;
import java.util.Iterator;

import xyz.scaledown.camel.model.BatchResultItem;

/**
 * The result lines of a batch, read lazily from the open HTTP response. Close it (try-with-resources) to release
 * the connection; it also closes itself once the last line was read. Being a {@link Closeable} iterator, Camel's
 * splitter closes it when it stops, and a closed output has no next line.
 * <p>
 * If the connection breaks after the first line was handed out, {@link #hasNext()} or {@link #next()} throws a
 * {@link ScaleDownException} (status code 0, retryable): the output can be read again from its first line.
 */
public interface BatchOutput extends Iterator<BatchResultItem>, Closeable {

    @Override
    void close();

    /**
     * The raw text of the line {@link #next()} handed out last, or null before the first; it may contain anything
     * the API wrote, so mask the key ({@link ScaleDownClient#maskKey}) before showing it.
     */
    default String lastLine() {
        return null;
    }

    /** How many (non-blank) lines {@link #next()} has handed out so far. */
    long linesRead();
}
