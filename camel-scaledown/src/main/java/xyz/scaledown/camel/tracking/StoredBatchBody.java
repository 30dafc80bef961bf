package xyz.scaledown.camel.tracking;

import xyz.scaledown.camel.client.BatchBody;

/**
 * The body of a batch whose items a store holds as one of its records (an aggregation record), which
 * {@link SubmitIntents#adopt} turns into the submit intent in place.
 */
public interface StoredBatchBody extends BatchBody {

    /** Null when the items are kept apart from any tracker. */
    SubmitIntents store();

    String recordKey();
}
