package xyz.scaledown.sandbox;

/**
 * The deterministic {@code summarize} model: the leading sentence(s) of the text, at most a third
 * of its length and at most {@code max_tokens * 4} characters.
 */
public final class SummarizeModel {

    public static final int DEFAULT_MAX_TOKENS = 20048;

    /** Texts up to this length may be returned whole; longer ones always get a shorter summary. */
    static final int SHORT_TEXT_CHARS = 40;

    private static final String ELLIPSIS = "...";

    public String summarize(String text, int maxTokens) {
        String trimmed = text.strip();
        int length = trimmed.length();
        long wanted = length <= SHORT_TEXT_CHARS ? length : length / 3;
        int limit = (int) Math.max(1, Math.min(wanted, (long) maxTokens * 4));
        if (limit >= length) {
            return trimmed;
        }
        int sentencesEnd = endOfWholeSentences(trimmed, limit);
        if (sentencesEnd > 0) {
            return trimmed.substring(0, sentencesEnd);
        }
        return cutAtWord(trimmed, limit);
    }

    /** The end of the last sentence that ends within {@code limit} characters, or 0 for none. */
    private static int endOfWholeSentences(String text, int limit) {
        int end = 0;
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?')
                    && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
                end = i + 1;
            }
        }
        return end;
    }

    private static String cutAtWord(String text, int limit) {
        int room = limit - ELLIPSIS.length();
        if (room < 1) {
            return text.substring(0, limit);
        }
        int cut = room;
        while (cut > 0 && !Character.isWhitespace(text.charAt(cut))) {
            cut--;
        }
        if (cut == 0) {
            cut = room;
        }
        int end = cut;
        while (end > 0 && (Character.isWhitespace(text.charAt(end - 1)) || ",;:-".indexOf(text.charAt(end - 1)) >= 0)) {
            end--;
        }
        return end == 0 ? text.substring(0, limit) : text.substring(0, end) + ELLIPSIS;
    }
}
