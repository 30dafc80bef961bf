package xyz.scaledown.bench.baseline;

/** The content of a {@code summarize} result. */
public record Summary(String summary, int inputChars, int outputChars) {
}
