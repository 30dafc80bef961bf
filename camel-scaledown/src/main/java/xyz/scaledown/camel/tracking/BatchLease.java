package xyz.scaledown.camel.tracking;

/**
 * This node's exclusive right to emit one batch's results, fenced by a token unique to the consumer's start: taken
 * before the batch is polled, renewed while its items go through the route, released after. Every delivery mark and
 * the completion are made under it: a store refuses them once another node holds the batch.
 */
public interface BatchLease extends AutoCloseable {

    /** The lease of a tracker that one process reads: always held, nothing to renew or release. */
    BatchLease UNSHARED = new BatchLease() {
        @Override
        public boolean isHeld() {
            return true;
        }

        @Override
        public boolean renew() {
            return true;
        }

        @Override
        public long renewEveryMillis() {
            return 0;
        }

        @Override
        public void lost() {
        }

        @Override
        public void close() {
        }
    };

    /** False once this node learned it lost the lease (a renewal or a mark found another holder). No I/O. */
    boolean isHeld();

    /**
     * Extends the lease by its full duration. False, and lost for good, when another node holds it now: the delivery
     * stops at once; the other node resumes from the delivery marks.
     */
    boolean renew();

    /** 0 when it never runs out. */
    long renewEveryMillis();

    /** The store refused a mark under this lease: another node holds the batch now. */
    void lost();

    /** Releases it, so another node may take the batch at once. Nothing once it was lost. */
    @Override
    void close();
}
