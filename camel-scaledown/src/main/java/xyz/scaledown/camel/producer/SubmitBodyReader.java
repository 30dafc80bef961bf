package xyz.scaledown.camel.producer;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import xyz.scaledown.camel.batching.CustomIds;
import xyz.scaledown.camel.batching.ExchangeItemReader;
import xyz.scaledown.camel.batching.ItemParameters;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.Sha256;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Reads what a route hands to submit into one batch: a {@link ScaleDownBatch} (from the aggregation strategy) as it
 * is, anything else as {@link ExchangeItemReader} reads it, items without a custom_id named by {@link CustomIds}. The
 * batch key of those ids is kept on the exchange, so a redelivery of the same exchange sends the same ids.
 */
final class SubmitBodyReader {

    /** The exchange property holding the batch key of the ids generated for its items. */
    static final String CUSTOM_ID_KEY = "CamelScaleDownCustomIdKey";

    private final ExchangeItemReader itemReader;

    SubmitBodyReader(ItemParameters parameters) {
        this.itemReader = new ExchangeItemReader(parameters);
    }

    SubmitRequest read(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ScaleDownBatch batch) {
            return new SubmitRequest(batch.body(), batch::correlations);
        }
        List<BatchItem> read = itemReader.read(exchange);
        List<BatchItem> items = new ArrayList<>(read.size());
        String batchKey = null;
        for (BatchItem item : read) {
            if (item.customId() == null && batchKey == null) {
                batchKey = batchKey(exchange, read);
            }
            items.add(CustomIds.ensure(item, CustomIds.DEFAULT_PREFIX, batchKey, items.size()));
        }
        return new SubmitRequest(BatchBody.validated(items), Map::of);
    }

    private static String batchKey(Exchange exchange, List<BatchItem> items) {
        String key = exchange.getProperty(CUSTOM_ID_KEY, String.class);
        if (key == null) {
            key = contentKey(items);
            exchange.setProperty(CUSTOM_ID_KEY, key);
        }
        return key;
    }

    /** The SHA-256 of the items' request lines as read (the missing ids missing), as a batch key. */
    private static String contentKey(List<BatchItem> items) {
        MessageDigest digest = Sha256.newDigest();
        for (BatchItem item : items) {
            digest.update(BatchItemJson.requestLine(item));
            digest.update((byte) '\n');
        }
        return CustomIds.keyOf(digest.digest());
    }
}
