package xyz.scaledown.camel.producer;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.Message;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.batching.BatchItemReader;
import xyz.scaledown.camel.batching.ScaleDownBatch;
import xyz.scaledown.camel.batching.StrictText;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchItem;

/**
 * Reads what a route hands to submit into one batch: a {@link ScaleDownBatch} (from the aggregation strategy), a
 * {@link BatchItem}, a collection or array of items or maps or JSON texts, a {@code Map}, JSON / JSON array / JSON
 * Lines text or stream, or, when header {@code CamelScaleDownModel} is set, plain text as one item. Items without a
 * custom id get {@code item-<position>}.
 */
final class SubmitBodyReader {

    private static final int PEEK_LIMIT = 8192;

    SubmitRequest read(Exchange exchange) throws InvalidPayloadException, NoTypeConversionAvailableException {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (body instanceof ScaleDownBatch batch) {
            return new SubmitRequest(batch.body(), batch.correlations());
        }
        List<BatchItem> batch = new ArrayList<>();
        if (body == null) {
            throw new IllegalArgumentException("ScaleDown submit needs a body: a BatchItem, a list of items or maps,"
                                               + " or JSON Lines text");
        }
        if (message.getHeader(ScaleDownConstants.MODEL) != null && isText(body)) {
            // plain text whose model (and parameters) the headers give, as the aggregation strategy reads it
            Object text = body instanceof Reader ? message.getMandatoryBody(String.class) : body;
            add(batch, exchange.getContext().getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, text));
        } else if (body instanceof BatchItem item) {
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
            readJsonLinesStrictly(strictReader(new ByteArrayInputStream(bytes), exchange), batch);
        } else if (body instanceof InputStream in) {
            readJsonLinesStrictly(strictReader(in, exchange), batch);
        } else if (body instanceof Reader reader) {
            readJsonLines(reader, batch);
        } else if (body instanceof CharSequence text) {
            BatchItemReader.fromJsonText(text.toString()).forEach(item -> add(batch, item));
        } else {
            add(batch, exchange.getContext().getTypeConverter().mandatoryConvertTo(BatchItem.class, exchange, body));
        }
        return new SubmitRequest(BatchBody.validated(batch), Map.of());
    }

    private static boolean isText(Object body) {
        return body instanceof CharSequence || body instanceof byte[] || body instanceof InputStream
               || body instanceof Reader;
    }

    private static Reader strictReader(InputStream in, Exchange exchange) {
        String charsetName = exchange.getProperty(Exchange.CHARSET_NAME, String.class);
        return StrictText.reader(in, charsetName == null ? StandardCharsets.UTF_8 : Charset.forName(charsetName));
    }

    /** JSON Lines read as a stream; a JSON array (which cannot be split by lines) is read whole. */
    private static void readJsonLines(Reader source, List<BatchItem> batch) {
        try {
            BufferedReader reader = new BufferedReader(source);
            if (firstNonBlank(reader) == '[') {
                StringWriter whole = new StringWriter();
                reader.transferTo(whole);
                BatchItemReader.fromJsonText(whole.toString()).forEach(item -> add(batch, item));
            } else {
                BatchItemReader.forEachJsonLine(reader, item -> add(batch, item));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first character that is not white space, or -1; the reader is left where it was. */
    private static int firstNonBlank(BufferedReader reader) throws IOException {
        reader.mark(PEEK_LIMIT);
        try {
            for (int read = 0; read < PEEK_LIMIT; read++) {
                int c = reader.read();
                if (c < 0 || !Character.isWhitespace(c)) {
                    return c;
                }
            }
            return -1;
        } finally {
            reader.reset();
        }
    }

    private static void readJsonLinesStrictly(Reader reader, List<BatchItem> batch) {
        try {
            readJsonLines(reader, batch);
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
