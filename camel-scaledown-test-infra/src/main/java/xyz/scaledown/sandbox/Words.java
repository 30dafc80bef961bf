package xyz.scaledown.sandbox;

import java.util.Set;

/** Word tokens as the deterministic models see them: lower-cased, plural 's' removed, stop words dropped. */
final class Words {

    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
            "for", "from", "had", "has", "have", "he", "her", "his", "how", "if", "in", "into", "is", "it", "its",
            "may", "might", "more", "most", "no", "not", "of", "on", "or", "our", "she", "should", "so", "some",
            "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
            "to", "too", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
            "why", "will", "with", "would", "yes", "you", "your", "about", "any", "all", "also", "just", "only",
            "other", "over", "under", "up", "out", "off", "here", "each", "both", "own", "same",
            "yesterday", "today", "tomorrow");

    private Words() {
    }

    static boolean isStopWord(String lowerCaseWord) {
        return STOP_WORDS.contains(lowerCaseWord);
    }

    /** Adds the distinct significant tokens of {@code text} to {@code into}. */
    static void addTokens(String text, Set<String> into) {
        StringBuilder word = new StringBuilder(24);
        int length = text.length();
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
            } else if (word.length() > 0) {
                addWord(word, into);
                word.setLength(0);
            }
        }
    }

    private static void addWord(StringBuilder word, Set<String> into) {
        int length = word.length();
        if (length > 3 && word.charAt(length - 1) == 's' && word.charAt(length - 2) != 's') {
            length--;
        }
        if (length < 2) {
            return;
        }
        String token = word.substring(0, length);
        if (!STOP_WORDS.contains(token)) {
            into.add(token);
        }
    }
}
