package xyz.scaledown.camel.producer;

import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.Message;

import xyz.scaledown.camel.batching.BatchItemReader;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Reads what a route hands to submit into one batch: a {@link ScaleDownBatch} (from the aggregation strategy), a
 * {@link BatchItem}, a collection or array of items or maps or JSON texts, a {@code Map}, or JSON / JSON Lines text
 * or stream. Items without a custom id get {@code item-<position>}.
 */
final class SubmitBodyReader {

    SubmitRequest read(Exchange exchange) throws InvalidPayloadException, NoTypeConversionAvailableException {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (body instanceof ScaleDownBatch batch) {
            return new SubmitRequest(batch.items(), batch.correlations());
        }
        List<BatchItem> batch = new ArrayList<>();
        if (body == null) {
            throw new IllegalArgumentException("ScaleDown submit needs a body: a BatchItem, a list of items or maps,"
                                               + " or JSON Lines text");
        }
        if (body instanceof BatchItem item) {
            add(batch, item);
        } else if (body instanceof Iterable<?> iterable) {
            int index = 0;
            for (Object element : iterable) {
                add(batch, toItem(element, index++));
            }
        } else if (body instanceof Object[] array) {
            for (int index = 0; index < array.length; index++) {
                add(batch, toItem(array[index], index));
            }
        } else if (body instanceof Map<?, ?> map) {
            add(batch, BatchItemReader.fromMap(asStringKeyed(map), 0));
        } else if (body instanceof InputStream || body instanceof Reader || body instanceof byte[]) {
            BatchItemReader.forEachJsonLine(message.getMandatoryBody(Reader.class), item -> add(batch, item));
        } else if (body instanceof CharSequence text) {
            BatchItemReader.fromJsonText(text.toString()).forEach(item -> add(batch, item));
        } else {
            add(batch, exchange.getContext().getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, body));
        }
        return new SubmitRequest(batch, Map.of());
    }

    private static BatchItem toItem(Object element, int index) {
        if (element instanceof BatchItem item) {
            return item;
        }
        if (element instanceof Map<?, ?> map) {
            return BatchItemReader.fromMap(asStringKeyed(map), index);
        }
        if (element instanceof CharSequence json) {
            return BatchItemReader.fromJson(json.toString(), index);
        }
        throw new IllegalArgumentException("item " + index + ": cannot submit a "
                                           + (element == null ? "null" : element.getClass().getName())
                                           + ": expected a BatchItem, a Map or JSON text");
    }

    private static void add(List<BatchItem> batch, BatchItem item) {
        batch.add(item != null && item.customId() == null ? item.withCustomId("item-" + batch.size()) : item);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asStringKeyed(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
