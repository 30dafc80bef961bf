package xyz.scaledown.camel.consumer;

import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.tracking.BatchTracker;

/** What delivering a batch's items needs from the results consumer. */
record DeliveryParts(BatchTracker tracker, ScaleDownClient client, ItemRouter router, int progressLogInterval) {
}
