package xyz.scaledown.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The deterministic {@code classify} model: a label scores the share of its name and rubric words
 * (lower-cased, stop words dropped) that also occur in the text.
 */
public final class ClassifyModel {

    /** A label as submitted. */
    public record Label(String name, String rubric) {
    }

    /** One label's score and the words that earned it. */
    public record Score(String name, double score, List<String> matched) {
    }

    /** The result; {@code topLabel} is the first label with the highest score. */
    public record Classification(String topLabel, List<Score> scores, String reasoning) {
    }

    /** The significant words of a label: its name and rubric together. */
    public static Set<String> labelWords(Label label) {
        Set<String> words = new LinkedHashSet<>();
        Words.addTokens(label.name() == null ? "" : label.name(), words);
        Words.addTokens(label.rubric() == null ? "" : label.rubric(), words);
        return words;
    }

    /**
     * @param labelWords {@link #labelWords(Label)} of each label, computed once per distinct label list
     */
    public Classification classify(String text, List<Label> labels, List<Set<String>> labelWords) {
        Set<String> textWords = new HashSet<>();
        Words.addTokens(text, textWords);
        List<Score> scores = new ArrayList<>(labels.size());
        int top = 0;
        for (int i = 0; i < labels.size(); i++) {
            Set<String> words = labelWords.get(i);
            List<String> matched = new ArrayList<>();
            for (String word : words) {
                if (textWords.contains(word)) {
                    matched.add(word);
                }
            }
            double score = words.isEmpty() ? 0 : round((double) matched.size() / words.size());
            scores.add(new Score(labels.get(i).name(), score, matched));
            if (score > scores.get(top).score()) {
                top = i;
            }
        }
        Score best = scores.get(top);
        return new Classification(best.name(), scores, reasoning(best, labelWords.get(top).size()));
    }

    private static String reasoning(Score best, int labelWordCount) {
        if (best.matched().isEmpty()) {
            return "No label shares a word with the text; chose the first label '" + best.name() + "'.";
        }
        return "Chose '" + best.name() + "': the text shares " + best.matched().size() + " of " + labelWordCount
                + " words with its name and rubric (" + String.join(", ", best.matched()) + ").";
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
