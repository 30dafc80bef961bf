package xyz.scaledown.bench.baseline;

import java.util.List;
import java.util.Map;

/** The content of a {@code classify} result. */
public record Classification(String topLabel, Map<String, Double> scores, String reasoning, List<Object> labels) {
}
