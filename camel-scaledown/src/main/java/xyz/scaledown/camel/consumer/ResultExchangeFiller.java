package xyz.scaledown.camel.consumer;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.tracking.FollowUpKeys;

/**
 * Puts one result item on an exchange: the typed result as body (the item itself when it failed), the result
 * headers, and the correlation headers kept from the message the item came from.
 */
final class ResultExchangeFiller {

    private ResultExchangeFiller() {
    }

    /**
     * @param batchSize the items of the batch, or a negative number when unknown (a batch watched by id)
     * @param position  where the exchange stands among its submission's exchanges, as Camel's batch consumers set it
     */
    static void fill(Exchange exchange, String batchId, int batchSize, long index, BatchPosition position,
                     BatchResultItem item, Map<String, Object> correlation) {
        Message message = exchange.getIn();
        correlation.forEach((name, value) -> {
            if (!FollowUpKeys.isInternal(name)) {
                message.setHeader(name, value);
            }
        });
        message.setHeader(ScaleDownConstants.ATTEMPT, FollowUpKeys.attempt(correlation));
        message.setHeader(ScaleDownConstants.BATCH_ID, batchId);
        if (batchSize >= 0) {
            message.setHeader(ScaleDownConstants.TOTAL_COUNT, batchSize);
        }
        if (position.size() >= 0) {
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, position.size());
        }
        exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, position.index());
        exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, position.last());
        message.setHeader(ScaleDownConstants.ITEM_INDEX, index);
        message.setHeader(ScaleDownConstants.CUSTOM_ID, item.customId());
        message.setHeader(ScaleDownConstants.MODEL, item.model());
        message.setHeader(ScaleDownConstants.STATUS_CODE, item.statusCode());
        if (item.isError()) {
            message.setHeader(ScaleDownConstants.ERROR_CODE, item.error().code());
            message.setHeader(ScaleDownConstants.ERROR_MESSAGE, item.error().message());
            message.setBody(item);
        } else {
            message.setBody(item.content());
        }
    }
}
