package xyz.scaledown.camel.consumer;

import java.time.Instant;

/**
 * What one delivery of a batch's items did.
 *
 * @param routed    exchanges whose item was marked delivered
 * @param failed    items the route failed (an exception not handled, or rolled back): they come again at a later poll
 * @param completed  true when every item was accounted for and the batch left the store
 * @param followUpAt when items wait for a follow-up batch: the earliest time it is sent; else null
 */
record DeliveryOutcome(int routed, int failed, boolean completed, Instant followUpAt) {

    DeliveryOutcome(int routed, int failed, boolean completed) {
        this(routed, failed, completed, null);
    }
}
