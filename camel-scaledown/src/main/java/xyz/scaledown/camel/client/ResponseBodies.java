package xyz.scaledown.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.core5.http.HttpEntity;

/** Reads error bodies (capped) and describes them for exception messages. */
final class ResponseBodies {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MESSAGE_CHARS = 300;

    private ResponseBodies() {
    }

    /** The body as UTF-8 text, at most {@code limit} bytes of it; null when there is no body. */
    static String read(HttpEntity entity, int limit) throws IOException {
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return null;
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while (buffer.size() < limit && (n = in.read(chunk, 0, Math.min(chunk.length, limit - buffer.size()))) != -1) {
                buffer.write(chunk, 0, n);
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The body as it goes into a message: its first {@value #MESSAGE_CHARS} characters when it is JSON, quoted
     * when it is something else (an HTML error page, say), with the API key masked should the server echo it.
     */
    static String describe(String body, ObjectMapper mapper, String apiKey) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String shown = body.length() > MESSAGE_CHARS ? body.substring(0, MESSAGE_CHARS) + "..." : body;
        String text = isJson(body, mapper) ? shown : "non-JSON response \"" + shown + "\"";
        return mask(text, apiKey);
    }

    static String mask(String text, String apiKey) {
        return apiKey == null || apiKey.isEmpty() || text == null ? text : text.replace(apiKey, "******");
    }

    private static boolean isJson(String body, ObjectMapper mapper) {
        String trimmed = body.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return false;
        }
        try {
            mapper.readTree(trimmed);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
