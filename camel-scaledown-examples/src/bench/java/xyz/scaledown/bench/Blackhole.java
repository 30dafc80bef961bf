package xyz.scaledown.bench;

/**
 * A sink that consumes results without keeping them, yet cannot be optimised away: it folds each result's hash
 * into a value that is read at the end.
 */
public final class Blackhole {

    private long consumed;
    private long fold;

    public void consume(Object value) {
        consumed++;
        fold = fold * 31 + System.identityHashCode(value);
    }

    public long consumed() {
        return consumed;
    }

    /** Read by the caller so the work that produced the values stays. */
    public long fold() {
        return fold;
    }
}
