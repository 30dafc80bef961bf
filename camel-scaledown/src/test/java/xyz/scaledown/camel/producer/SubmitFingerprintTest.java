package xyz.scaledown.camel.producer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.SummarizeItem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubmitFingerprintTest {

    private final BatchBody body = BatchBody.validated(List.of(SummarizeItem.of("a", "first text"),
            SummarizeItem.of("b", "second \"quoted\" text")));

    @Test
    void theRecordingPassesTheLinesThroughAndFingerprintsWhatItWrote() throws Exception {
        SubmitFingerprint.Recording recording = SubmitFingerprint.whileWriting(body);
        assertNull(recording.fingerprint(), "nothing written yet");

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        recording.writeTo(sent);

        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        body.writeTo(direct);
        assertArrayEquals(direct.toByteArray(), sent.toByteArray());
        assertEquals(sha256(sent.toByteArray()), recording.fingerprint());
        assertEquals(SubmitFingerprint.of(body), recording.fingerprint());
    }

    @Test
    void aWriteThatBrokeOffLeavesNoFingerprint() {
        SubmitFingerprint.Recording recording = SubmitFingerprint.whileWriting(body);

        assertThrows(IOException.class, () -> recording.writeTo(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        }));

        assertNull(recording.fingerprint());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
