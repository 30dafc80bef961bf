package xyz.scaledown.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What one item needs, besides its text, to produce its result. Items of one batch usually share
 * their parameters, so {@link BatchParser} keeps one instance per distinct value.
 */
sealed interface ItemParams {

    /** The model name on the wire. */
    String model();

    /** Why items with these parameters cannot be processed, or null. */
    String problem();

    record Summarize(int maxTokens) implements ItemParams {
        @Override
        public String model() {
            return "summarize";
        }

        @Override
        public String problem() {
            return null;
        }
    }

    /** Labels with their descriptions and the rule kind derived from both. */
    record Extract(List<String> labels, List<String> descriptions, List<EntityKind> kinds) implements ItemParams {

        static Extract of(List<String> labels, List<String> descriptions) {
            List<EntityKind> kinds = new ArrayList<>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                kinds.add(EntityKind.forLabel(labels.get(i), descriptions.get(i)));
            }
            return new Extract(List.copyOf(labels), List.copyOf(descriptions), List.copyOf(kinds));
        }

        @Override
        public String model() {
            return "extract";
        }

        @Override
        public String problem() {
            return labels.isEmpty() ? "field 'entities' is missing or empty" : null;
        }
    }

    /** Labels with their word sets, computed once per distinct label list. */
    record Classify(List<ClassifyModel.Label> labels, List<Set<String>> labelWords) implements ItemParams {

        static Classify of(List<ClassifyModel.Label> labels) {
            List<Set<String>> words = new ArrayList<>(labels.size());
            for (ClassifyModel.Label label : labels) {
                words.add(Collections.unmodifiableSet(ClassifyModel.labelWords(label)));
            }
            return new Classify(List.copyOf(labels), List.copyOf(words));
        }

        @Override
        public String model() {
            return "classify";
        }

        @Override
        public String problem() {
            if (labels.isEmpty()) {
                return "field 'labels' is missing or empty";
            }
            for (int i = 0; i < labels.size(); i++) {
                ClassifyModel.Label label = labels.get(i);
                if (label.name() == null || label.name().isBlank()) {
                    return "label " + (i + 1) + " has no 'name'";
                }
                if (label.rubric() == null || label.rubric().isBlank()) {
                    return "label '" + label.name() + "' has no 'rubric'";
                }
            }
            return null;
        }
    }
}
