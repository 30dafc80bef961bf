package xyz.scaledown.camel.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * The body of a submit: the request lines written one at a time straight to the connection, chunked, so a batch
 * is never held as one string or byte array. Repeatable, because the {@link BatchBody} writes itself on each call.
 */
final class JsonlBatchEntity extends AbstractHttpEntity {

    static final ContentType JSONL = ContentType.create("application/jsonl");

    private final BatchBody body;

    JsonlBatchEntity(BatchBody body) {
        super(JSONL, null, true);
        this.body = body;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        body.writeTo(out);
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
        // nothing held open: the body stays with the caller
    }
}
