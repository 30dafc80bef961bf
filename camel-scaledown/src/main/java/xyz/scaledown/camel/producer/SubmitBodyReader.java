package xyz.scaledown.camel.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import xyz.scaledown.camel.batching.CustomIds;
import xyz.scaledown.camel.batching.ExchangeItemReader;
import xyz.scaledown.camel.batching.ItemParameters;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Reads what a route hands to submit into one batch: a {@link ScaleDownBatch} (from the aggregation strategy) as it
 * is, anything else as {@link ExchangeItemReader} reads it, items without a custom_id numbered by {@link CustomIds}.
 */
final class SubmitBodyReader {

    private final ExchangeItemReader itemReader;

    SubmitBodyReader(ItemParameters parameters) {
        this.itemReader = new ExchangeItemReader(parameters);
    }

    SubmitRequest read(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ScaleDownBatch batch) {
            return new SubmitRequest(batch.body(), batch.correlations());
        }
        List<BatchItem> read = itemReader.read(exchange);
        List<BatchItem> items = new ArrayList<>(read.size());
        for (BatchItem item : read) {
            items.add(CustomIds.ensure(item, CustomIds.DEFAULT_PREFIX, items.size()));
        }
        return new SubmitRequest(BatchBody.validated(items), Map.of());
    }
}
