package xyz.scaledown.camel.batching;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes message bodies strictly: malformed bytes are refused rather than silently replaced by U+FFFD, which would
 * send text the caller never wrote.
 */
public final class StrictText {

    private StrictText() {
    }

    public static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** A reader that throws a {@link CharacterCodingException} (as an IOException) at the first malformed byte. */
    public static Reader reader(InputStream in, Charset charset) {
        return new InputStreamReader(in, decoder(charset));
    }

    /**
     * @throws IllegalArgumentException naming the offset of the first malformed byte
     */
    public static String decode(byte[] bytes, Charset charset) {
        ByteBuffer input = ByteBuffer.wrap(bytes);
        try {
            return decoder(charset).decode(input).toString();
        } catch (CharacterCodingException e) {
            // on failure the decoder leaves the buffer at the first byte it could not decode
            throw new IllegalArgumentException("the message body is not valid " + charset.name()
                                               + " text: malformed byte at offset " + input.position(), e);
        }
    }
}
