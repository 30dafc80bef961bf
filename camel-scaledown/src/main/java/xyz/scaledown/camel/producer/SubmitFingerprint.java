package xyz.scaledown.camel.producer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import xyz.scaledown.camel.client.BatchBody;

/** SHA-256 of the request lines a submit sends, so the same exchange with other content counts as a new batch. */
final class SubmitFingerprint {

    private SubmitFingerprint() {
    }

    static String of(BatchBody body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                body.writeTo(out);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch to fingerprint it", e);
        }
    }
}
