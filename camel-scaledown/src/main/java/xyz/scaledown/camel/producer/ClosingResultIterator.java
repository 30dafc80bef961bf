package xyz.scaledown.camel.producer;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;

import xyz.scaledown.camel.client.BatchOutput;
import xyz.scaledown.camel.model.BatchResultItem;

/**
 * A batch output as a {@link Closeable} iterator (Camel's splitter closes those) that also closes itself once
 * the last item was read.
 */
public final class ClosingResultIterator implements Iterator<BatchResultItem>, Closeable {

    private final BatchOutput output;
    private boolean closed;

    ClosingResultIterator(BatchOutput output) {
        this.output = output;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        boolean hasNext = output.hasNext();
        if (!hasNext) {
            close();
        }
        return hasNext;
    }

    @Override
    public BatchResultItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return output.next();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            output.close();
        }
    }
}
