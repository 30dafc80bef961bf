package xyz.scaledown.camel.consumer;

/**
 * What one delivery of a batch's items did.
 *
 * @param routed    exchanges whose item was marked delivered
 * @param failed    items the route failed (an exception not handled, or rolled back): they come again at a later poll
 * @param completed true when every item was accounted for and the batch left the store
 */
record DeliveryOutcome(int routed, int failed, boolean completed) {
}
