package xyz.scaledown.camel.batching;

import java.util.Map;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.ClassifyItem;
import xyz.scaledown.camel.model.ClassifyLabel;
import xyz.scaledown.camel.model.ExtractItem;
import xyz.scaledown.camel.model.SummarizeItem;

/**
 * Sums the encoded size of every string of the item plus a fixed allowance per field for keys, quotes and
 * punctuation. It is close to, and never far below, the real request line size.
 */
final class JsonLineSizeEstimator implements ItemSizeEstimator {

    static final JsonLineSizeEstimator INSTANCE = new JsonLineSizeEstimator();

    /** {"custom_id":"","method":"POST","url":"/v1/chat/completions","body":{"model":"classify","text":""}} + newline. */
    static final int ENVELOPE_BYTES = 100;
    /** Covers {@code ,"system_prompt":""} and {@code ,"max_tokens":2147483647}. */
    static final int FIELD_BYTES = 25;

    @Override
    public long estimateBytes(BatchItem item) {
        long bytes = ENVELOPE_BYTES + jsonStringBytes(item.customId()) + jsonStringBytes(item.text());
        if (item instanceof SummarizeItem s) {
            bytes += optional(s.instructions()) + (s.maxTokens() == null ? 0 : FIELD_BYTES);
        } else if (item instanceof ExtractItem e) {
            bytes += FIELD_BYTES + optional(e.instruction());
            for (Map.Entry<String, String> entity : e.entities().entrySet()) {
                bytes += 6 + jsonStringBytes(entity.getKey()) + jsonStringBytes(entity.getValue());
            }
        } else if (item instanceof ClassifyItem c) {
            bytes += FIELD_BYTES + optional(c.systemPrompt());
            for (ClassifyLabel label : c.labels()) {
                bytes += FIELD_BYTES + jsonStringBytes(label.name()) + jsonStringBytes(label.rubric()); // {"name":"","rubric":""},
            }
        }
        return bytes;
    }

    private static long optional(String value) {
        return value == null ? 0 : FIELD_BYTES + jsonStringBytes(value);
    }

    /** The UTF-8 length of {@code s} once JSON-escaped, without building the encoded form. */
    static long jsonStringBytes(String s) {
        if (s == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x20) {
                bytes += 6;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
