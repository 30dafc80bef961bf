package xyz.scaledown.sandbox;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic {@code extract} model: fixed patterns per {@link EntityKind}. Offsets are
 * UTF-16 indices into the text, so {@code text.substring(start, end)} is the span.
 */
public final class ExtractModel {

    /** One span found in the text. */
    public record Span(String type, String text, double confidence, int start, int end) {
    }

    private static final String MONTH = "(?:January|February|March|April|May|June|July|August|September|October"
            + "|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";
    private static final Pattern DATE = Pattern.compile("\\b(?:\\d{4}-\\d{2}-\\d{2}"
            + "|\\d{1,2}/\\d{1,2}/\\d{4}"
            + "|\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + "\\.?,?\\s+\\d{4}"
            + "|" + MONTH + "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}"
            + "|" + MONTH + "\\s+\\d{4})\\b");
    private static final String NUMBER = "\\d+(?:[.,]\\d+)*";
    private static final String SCALE = "(?:\\s?(?:million|billion|thousand|bn|m|k)\\b)?";
    private static final Pattern MONEY = Pattern.compile("[$€£]\\s?" + NUMBER + SCALE
            + "|\\b(?:USD|EUR|GBP|CHF|JPY)\\s?" + NUMBER + SCALE
            + "|\\b" + NUMBER + "\\s?(?:(?:million|billion|thousand)\\s)?(?:USD|EUR|GBP|CHF|JPY|dollars|euros|pounds)\\b");
    private static final String ORG_SUFFIX = "Inc|Ltd|GmbH|Corp|LLC|AG|PLC|Bank|Group|University|Corporation"
            + "|Company|Foundation|Holdings|Partners|Institute";
    private static final Pattern ORGANISATION = Pattern.compile(
            "\\b(?:\\p{Lu}[\\p{L}&'-]*\\s+){1,3}(?:" + ORG_SUFFIX + ")\\b");
    private static final Pattern TITLED_PERSON = Pattern.compile(
            "\\b(?:Mr|Mrs|Ms|Dr|Prof)\\.?\\s+\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?");
    private static final Pattern CAPITALISED_RUN = Pattern.compile("\\b\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)+");
    private static final Pattern WORD = Pattern.compile("\\p{Lu}\\p{Ll}+");
    private static final Set<String> NOT_NAMES = Set.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "inc", "ltd", "corp", "bank", "group", "university",
            "corporation", "company", "foundation", "holdings", "partners", "institute", "dear", "regards");
    private static final int MAX_NAME_WORDS = 3;

    /** All spans for the labels, in label order, then by position; labels of kind NONE yield nothing. */
    public List<Span> extract(String text, List<String> labels, List<EntityKind> kinds) {
        Map<EntityKind, List<int[]>> found = new EnumMap<>(EntityKind.class);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            EntityKind kind = kinds.get(i);
            if (kind == EntityKind.NONE) {
                continue;
            }
            List<int[]> ranges = find(kind, text, found);
            for (int[] range : ranges) {
                String span = text.substring(range[0], range[1]);
                spans.add(new Span(labels.get(i), span, confidence(kind, span), range[0], range[1]));
            }
        }
        return spans;
    }

    /** The [start, end) ranges of one kind, by position; {@code found} caches the ranges per kind of this text. */
    private List<int[]> find(EntityKind kind, String text, Map<EntityKind, List<int[]>> found) {
        List<int[]> ranges = found.get(kind);
        if (ranges == null) {
            ranges = switch (kind) {
                case DATE -> matches(DATE, text, "JFMASOND", true);
                case MONEY -> matches(MONEY, text, "UEGCJ", true);
                case ORGANISATION -> organisations(text);
                case PERSON -> persons(text, find(EntityKind.ORGANISATION, text, found));
                case NONE -> List.of();
            };
            found.put(kind, ranges);
        }
        return ranges;
    }

    /**
     * Like {@code Matcher.find()} in a loop, but tries the pattern only where a match can start (a
     * currency sign, or a capital or digit that starts a word): trying it at every index costs ~20 us
     * a text, too slow for the output stream.
     */
    private static List<int[]> matches(Pattern pattern, String text, String startLetters, boolean digitsOrMoney) {
        List<int[]> ranges = new ArrayList<>();
        Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (canStartMatch(text, i, startLetters, digitsOrMoney)) {
                m.region(i, length);
                if (m.lookingAt() && m.end() > i) {
                    ranges.add(new int[] {i, m.end()});
                    i = m.end();
                    continue;
                }
            }
            i++;
        }
        return ranges;
    }

    /**
     * @param startLetters the capitals a match may start with; null for any capital
     * @param digitsOrMoney whether a match may also start with a digit or a currency sign
     */
    private static boolean canStartMatch(String text, int i, String startLetters, boolean digitsOrMoney) {
        char c = text.charAt(i);
        if (digitsOrMoney && (c == '$' || c == '\u20ac' || c == '\u00a3')) {
            return true;
        }
        boolean wordStart = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
        if (!wordStart) {
            return false;
        }
        if (digitsOrMoney && c >= '0' && c <= '9') {
            return true;
        }
        return startLetters == null ? Character.isUpperCase(c) : startLetters.indexOf(c) >= 0;
    }

    /** Organisation matches without a leading function word such as "The" or "In". */
    private static List<int[]> organisations(String text) {
        List<int[]> ranges = new ArrayList<>();
        for (int[] match : matches(ORGANISATION, text, null, false)) {
            int start = match[0];
            int gap = whitespaceBefore(text, start, match[1]);
            while (gap > 0 && Words.isStopWord(text.substring(start, gap).toLowerCase(Locale.ROOT))) {
                start = skipSpaces(text, gap);
                gap = whitespaceBefore(text, start, match[1]);
            }
            if (gap > 0) {
                ranges.add(new int[] {start, match[1]});
            }
        }
        return ranges;
    }

    /** The index of the first whitespace in [from, limit), or -1: a span with one gap has two words. */
    private static int whitespaceBefore(String text, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Titled names ("Dr. Jane Roe") and runs of two or three capitalised words that are not at a
     * sentence start, not months or weekdays, and not part of an organisation.
     */
    private List<int[]> persons(String text, List<int[]> organisations) {
        List<int[]> taken = new ArrayList<>(organisations);
        List<int[]> ranges = new ArrayList<>(matches(TITLED_PERSON, text, "MDP", false));
        taken.addAll(ranges);
        for (int[] run : matches(CAPITALISED_RUN, text, null, false)) {
            List<int[]> words = new ArrayList<>();
            Matcher word = WORD.matcher(text).region(run[0], run[1]);
            while (word.find()) {
                boolean usable = !NOT_NAMES.contains(word.group().toLowerCase(Locale.ROOT))
                        && !Words.isStopWord(word.group().toLowerCase(Locale.ROOT))
                        && !(words.isEmpty() && atSentenceStart(text, word.start()));
                if (usable) {
                    words.add(new int[] {word.start(), word.end()});
                } else {
                    addName(words, taken, ranges);
                    words.clear();
                }
            }
            addName(words, taken, ranges);
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        return ranges;
    }

    private static void addName(List<int[]> words, List<int[]> taken, List<int[]> ranges) {
        if (words.size() < 2) {
            return;
        }
        int[] range = {words.get(0)[0], words.get(Math.min(words.size(), MAX_NAME_WORDS) - 1)[1]};
        for (int[] other : taken) {
            if (range[0] < other[1] && other[0] < range[1]) {
                return;
            }
        }
        ranges.add(range);
    }

    private static boolean atSentenceStart(String text, int index) {
        int i = index - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '\n') {
            i--;
        }
        if (i < 0) {
            return true;
        }
        char before = text.charAt(i);
        return before == '.' || before == '!' || before == '?' || before == '\n' || before == '"' || before == ':';
    }

    private static int skipSpaces(String text, int index) {
        int i = index;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A fixed base per kind, nudged by the span length so spans differ; always within [0.5, 0.99]. */
    static double confidence(EntityKind kind, String span) {
        double base = switch (kind) {
            case DATE -> 0.94;
            case MONEY -> 0.92;
            case ORGANISATION -> 0.85;
            case PERSON -> 0.78;
            case NONE -> 0.5;
        };
        return Math.min(99, Math.round(base * 100) + span.length() % 5) / 100.0;
    }
}
