package xyz.scaledown.camel;

/**
 * How the output operation hands over a batch's result items.
 */
public enum OutputMode {
    /** A {@code List<BatchResultItem>}: simple, the whole output in memory. */
    list,
    /** A closeable {@code Iterator<BatchResultItem>} read from the wire as it goes: for {@code split(body()).streaming()}. */
    iterator
}
