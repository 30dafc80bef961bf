package xyz.scaledown.bench.baseline;

import java.util.List;

/** The content of an {@code extract} result. */
public record Extraction(List<Entity> entities) {

    /** One span found in the text. */
    public record Entity(String type, String text, double confidence, Integer start, Integer end) {
    }
}
