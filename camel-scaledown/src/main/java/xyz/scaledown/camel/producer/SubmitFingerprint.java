package xyz.scaledown.camel.producer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;

import xyz.scaledown.camel.batching.Sha256;
import xyz.scaledown.camel.client.BatchBody;

/**
 * SHA-256 (hex) of the request lines a submit sends: the submit key of a batch without a
 * {@code CamelScaleDownSubmitKey} header ({@link #of}, unless the stored batch digested its lines as they were stored),
 * and, for a batch under a header key, what was sent, taken while the POST writes the body ({@link #whileWriting}).
 */
final class SubmitFingerprint {

    private SubmitFingerprint() {
    }

    /** Writes the whole body to nowhere for its fingerprint. */
    static String of(BatchBody body) {
        try {
            return writeDigested(body, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch to fingerprint it", e);
        }
    }

    /** The body as it is, remembering the fingerprint of the last time it was written whole. */
    static Recording whileWriting(BatchBody body) {
        return new Recording(body);
    }

    private static String writeDigested(BatchBody body, OutputStream out) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        // not closed: closing would close the connection's stream, which belongs to the HTTP client
        DigestOutputStream digesting = new DigestOutputStream(out, digest);
        body.writeTo(digesting);
        digesting.flush();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A body that fingerprints itself as it is written; a retried POST writes it again. */
    static final class Recording implements BatchBody {

        private final BatchBody body;
        private volatile String fingerprint;

        private Recording(BatchBody body) {
            this.body = body;
        }

        /** The fingerprint of the last complete write; null before one. */
        @Override
        public String fingerprint() {
            return fingerprint;
        }

        @Override
        public int itemCount() {
            return body.itemCount();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            fingerprint = writeDigested(body, out);
        }

        @Override
        public void forEachCustomId(Consumer<String> sink) {
            body.forEachCustomId(sink);
        }
    }
}
