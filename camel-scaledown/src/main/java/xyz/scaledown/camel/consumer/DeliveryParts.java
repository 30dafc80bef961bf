package xyz.scaledown.camel.consumer;

import java.util.function.BooleanSupplier;

import xyz.scaledown.camel.client.ScaleDownClient;
import xyz.scaledown.camel.tracking.BatchTracker;

/**
 * What delivering a batch's items needs from the results consumer.
 *
 * @param mayContinue false once the consumer is stopping: a batch then stops between items
 */
record DeliveryParts(BatchTracker tracker, ScaleDownClient client, ItemRouter router, int progressLogInterval,
                     BooleanSupplier mayContinue) {
}
