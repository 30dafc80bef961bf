package xyz.scaledown.camel.client;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Sizes a request line without encoding its strings: the serializer the byte counter's writer uses for every string
 * value. It writes {@code ""} (the quotes) and adds the bytes Jackson's UTF-8 generator would write between them to
 * the {@link ByteCounter} under the generator. The structure (field names, separators, the type id) is still written by
 * Jackson from the same annotations as the real line, so only the escaping of one string is counted here: the texts
 * are most of a line, and counting them is several times cheaper than encoding them.
 */
final class StringSizeSerializer extends StdSerializer<String> {

    /** Per 7-bit character: 0 written as is, a positive code as a two-byte escape, a negative one as {@code \\uXXXX}. */
    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();

    StringSizeSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeString("");
        ((ByteCounter) generator.getOutputTarget()).add(utf8Size(value));
    }

    /** The bytes of {@code value} inside the quotes, as {@code UTF8JsonGenerator} writes it with default features. */
    static long utf8Size(String value) {
        long size = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                int escape = ESCAPES[c];
                size += escape == 0 ? 1 : escape > 0 ? 2 : 6;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isSurrogate(c)) {
                // each half of a pair is written as its own \\uXXXX escape (COMBINE_UNICODE_SURROGATES_IN_UTF8 is off)
                size += 6;
            } else {
                size += 3;
            }
        }
        return size;
    }

    /** Counts the bytes written to it without keeping them. */
    static final class ByteCounter extends java.io.OutputStream {
        private long count;

        long count() {
            return count;
        }

        void add(long bytes) {
            count += bytes;
        }

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
