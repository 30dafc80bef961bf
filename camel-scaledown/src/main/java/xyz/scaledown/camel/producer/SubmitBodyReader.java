package xyz.scaledown.camel.producer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
        } else if (body instanceof byte[] bytes) {
            readJsonLines(strictReader(new ByteArrayInputStream(bytes), exchange), batch);
        } else if (body instanceof InputStream in) {
            readJsonLines(strictReader(in, exchange), batch);
        } else if (body instanceof Reader reader) {
            readJsonLines(reader, batch);
        } else if (body instanceof CharSequence text) {
            BatchItemReader.fromJsonText(text.toString()).forEach(item -> add(batch, item));
        } else {
            add(batch, exchange.getContext().getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, body));
        }
        return new SubmitRequest(batch, Map.of());
    }

    /** Bytes are decoded strictly: malformed input is refused rather than silently replaced by U+FFFD. */
    private static Reader strictReader(InputStream in, Exchange exchange) {
        String charsetName = exchange.getProperty(Exchange.CHARSET_NAME, String.class);
        Charset charset = charsetName == null ? StandardCharsets.UTF_8 : Charset.forName(charsetName);
        return new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static void readJsonLines(Reader reader, List<BatchItem> batch) {
        try {
            BatchItemReader.forEachJsonLine(reader, item -> add(batch, item));
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new IllegalArgumentException("item " + batch.size() + ": the message body is not valid UTF-8"
                                                   + " text (malformed bytes after " + batch.size() + " good items)", e);
            }
            throw e;
        }
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
