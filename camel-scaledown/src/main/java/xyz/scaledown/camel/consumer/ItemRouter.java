package xyz.scaledown.camel.consumer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.ErrorItemHandling;
import xyz.scaledown.camel.ScaleDownBatchFailedException;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.ScaleDownItemFailedException;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.BatchStatus;

/**
 * Sends one result item, or one error item, through the consumer's route; error items go to the exception handler
 * instead when {@code errorItemHandling=exception}.
 */
final class ItemRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ItemRouter.class);

    private final ScaleDownResultsConsumer consumer;

    ItemRouter(ScaleDownResultsConsumer consumer) {
        this.consumer = consumer;
    }

    /**
     * Routes one item; true only when its exchange completed: false when it failed and the error was not handled, or
     * it ended rollback-only ({@code markRollbackOnly()}, {@code rollback()}, a transaction that did not commit). A
     * false item is not marked delivered and comes again at a later poll with {@code CamelRedelivered=true} and
     * {@code CamelRedeliveryCounter}.
     *
     * @param batchSize     the items of the batch, negative when unknown
     * @param index         the item's position: in the submitted batch, or in the output for a batch watched by id
     * @param position      where the exchange stands among the batch's exchanges
     * @param routeFailures how often the route failed this item before
     * @param mark          the item's delivered mark, for the route's transaction to write; null when none may
     */
    boolean route(DeliveryRun run, String batchId, int batchSize, long index, BatchPosition position,
                  BatchResultItem answer, Map<String, Object> correlation, int routeFailures, TransactedMark mark)
            throws Exception {
        BatchResultItem item = withSubmittedModel(answer, correlation);
        Exchange exchange = consumer.createExchange(false);
        run.countRouted();
        try {
            ResultExchangeFiller.fill(exchange, batchId, batchSize, index, position, item, correlation);
            if (routeFailures > 0) {
                exchange.getIn().setHeader(Exchange.REDELIVERED, true);
                exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, routeFailures);
            }
            if (item.isError()
                && consumer.getEndpoint().getConfiguration().getErrorItemHandling() == ErrorItemHandling.exception) {
                consumer.getExceptionHandler().handleException("ScaleDown result item failed", exchange,
                        new ScaleDownItemFailedException(batchId, item));
                consumer.getEndpoint().getObserver().resultItemDelivered(batchId, item);
                return true;
            }
            if (mark != null) {
                exchange.setProperty(TransactedMark.PROPERTY, mark);
            }
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (mark != null && mark.leaseLost()) {
                LOG.warn("Routing result item {} of ScaleDown batch {} was rolled back: this node lost the batch's"
                         + " lease; the node holding it now routes the item", item.customId(), batchId);
                return false;
            }
            if (exchange.getException() != null) {
                consumer.getExceptionHandler().handleException("Routing result item " + item.customId()
                        + " of ScaleDown batch " + batchId + " failed; it comes again at a later poll", exchange,
                        exchange.getException());
                return false;
            }
            if (exchange.isRollbackOnly()) {
                LOG.warn("Routing result item {} of ScaleDown batch {} was rolled back; it comes again at a later poll",
                        item.customId(), batchId);
                return false;
            }
            consumer.getEndpoint().getObserver().resultItemDelivered(batchId, item);
            return true;
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }

    /** An item without a model (an error item) takes the model it was submitted with, which the tracker kept. */
    private static BatchResultItem withSubmittedModel(BatchResultItem item, Map<String, Object> correlation) {
        if (item.model() == null && correlation != null
                && correlation.get(ScaleDownConstants.MODEL) instanceof String model) {
            return item.withModel(model);
        }
        return item;
    }

    /**
     * Reports to the exception handler that a batch watched by id (its items unknown to the tracker) ended without
     * results for some or all of its items.
     */
    void reportBatchEnded(BatchStatus status, long itemCount, String reason) {
        Exchange exchange = consumer.createExchange(false);
        try {
            exchange.getIn().setBody(status);
            exchange.getIn().setHeader(ScaleDownConstants.BATCH_ID, status.batchId());
            exchange.getIn().setHeader(ScaleDownConstants.BATCH_STATUS, status.status());
            consumer.getExceptionHandler().handleException(reason, exchange,
                    new ScaleDownBatchFailedException(status, itemCount));
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }
}
