package xyz.scaledown.camel.tracking;

import xyz.scaledown.camel.client.BatchBody;

/**
 * The body of a batch whose items a store holds as one of its records (an aggregation record): submit hands it to
 * {@link SubmitIntents#adopt}, and the store that holds it turns that record into the submit intent in place.
 */
public interface StoredBatchBody extends BatchBody {

    /** The store whose record holds the items; null when they are kept apart from any tracker. */
    SubmitIntents store();

    /** The record's key in that store. */
    String recordKey();
}
