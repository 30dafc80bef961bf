package xyz.scaledown.camel.tracking;

/**
 * This node's exclusive right to emit one batch's results. Taken from {@link BatchTracker#lease(String)} before the
 * first item, kept alive while items go through the route, closed (released) after the last.
 */
public interface BatchLease extends AutoCloseable {

    /** The lease of a tracker that only one process reads: always held, nothing to renew or release. */
    BatchLease UNSHARED = new BatchLease() {
        @Override
        public boolean keep() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Renews the lease when it is due. False when it was lost (it ran out and another node took the batch): stop
     * emitting; the other node resumes from the delivery state.
     */
    boolean keep();

    /** Releases the lease, so another node may take the batch at once. */
    @Override
    void close();
}
