package xyz.scaledown.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

import xyz.scaledown.camel.model.BatchItem;

/**
 * The body of a submit: the items written one JSON line at a time straight to the connection, chunked, so a batch
 * is never held as one string or byte array. Repeatable, because it writes from the item list on each call.
 */
final class JsonlBatchEntity extends AbstractHttpEntity {

    static final ContentType JSONL = ContentType.create("application/jsonl");

    private final List<? extends BatchItem> items;

    JsonlBatchEntity(List<? extends BatchItem> items) {
        super(JSONL, null, true);
        this.items = items;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        for (BatchItem item : items) {
            BatchItemJson.writeRequestLine(item, out);
        }
        out.flush();
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return -1;
    }

    @Override
    public boolean isStreaming() {
        return false;
    }

    /** Not supported: this entity can only be written, see {@link #writeTo(OutputStream)}. */
    @Override
    public InputStream getContent() {
        throw new UnsupportedOperationException("the batch body is written with writeTo, not read");
    }

    @Override
    public void close() {
        // nothing held open: the items stay with the caller
    }
}
