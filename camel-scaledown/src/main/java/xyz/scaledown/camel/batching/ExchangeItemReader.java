package xyz.scaledown.camel.batching;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.WrappedFile;

import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.client.BatchItemJson;
import xyz.scaledown.camel.model.BatchItem;

/**
 * The one way a message body becomes batch items, for submit and for the aggregation strategy alike:
 * <ul>
 * <li>a {@link BatchItem}, a {@code Map}, or a collection or array of those (or of JSON texts);</li>
 * <li>text ({@code String}, {@code byte[]}, {@code InputStream}, {@code Reader}, a file consumer's file): when a model is given by header
 * {@code CamelScaleDownModel} or the {@code model} option, the whole text is one item of that model; otherwise it is
 * JSON: one object, a JSON array of objects, or JSON Lines, read as a stream;</li>
 * <li>anything else Camel can convert to a {@link BatchItem}.</li>
 * </ul>
 * Bytes and streams are decoded strictly in the exchange's charset (UTF-8 by default). Items keep the custom_id they
 * carry, or for a body of one item, header {@code CamelScaleDownCustomId}; {@link CustomIds} gives one to those
 * without.
 */
public final class ExchangeItemReader {

    private final ItemParameters parameters;

    public ExchangeItemReader(ItemParameters parameters) {
        this.parameters = parameters;
    }

    /**
     * @throws IllegalArgumentException naming the item and the field, for the first thing that is not an item
     */
    public List<BatchItem> read(Exchange exchange) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (body instanceof WrappedFile<?>) {
            // a file consumer's body: its bytes, decoded below in the exchange's charset like any other bytes
            body = message.getBody(byte[].class);
        }
        if (body == null) {
            throw new IllegalArgumentException("ScaleDown needs a body: a BatchItem, a list of items or maps,"
                                               + " JSON or JSON Lines text, or plain text with a model");
        }
        List<BatchItem> items = new ArrayList<>();
        if (body instanceof BatchItem item) {
            items.add(item);
        } else if (body instanceof Iterable<?> iterable) {
            for (Object element : iterable) {
                items.add(element(exchange, element, items.size()));
            }
        } else if (body instanceof Object[] array) {
            for (Object element : array) {
                items.add(element(exchange, element, items.size()));
            }
        } else {
            if (isText(body)) {
                readText(exchange, body, items);
            } else if (body instanceof Map<?, ?> map) {
                items.add(BatchItemJson.read(map, "item 0"));
            } else {
                items.add(converted(exchange, body, 0));
            }
            return withHeaderId(message, items);
        }
        return items;
    }

    /** Header {@code CamelScaleDownCustomId} names the item of a message that carries one item. */
    private static List<BatchItem> withHeaderId(Message message, List<BatchItem> items) {
        String headerId = message.getHeader(ScaleDownConstants.CUSTOM_ID, String.class);
        if (headerId != null && !headerId.isBlank() && items.size() == 1 && !headerId.equals(items.get(0).customId())) {
            items.set(0, items.get(0).withCustomId(headerId));
        }
        return items;
    }

    private void readText(Exchange exchange, Object body, List<BatchItem> items) {
        Message message = exchange.getMessage();
        if (parameters.hasModel(message)) {
            items.add(parameters.textItem(text(exchange, body), message));
            return;
        }
        try {
            BatchItemJson.readAll(reader(exchange, body), items::add);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new IllegalArgumentException("item " + items.size() + ": the message body is not valid "
                                                   + charset(exchange).name() + " text (a malformed byte after "
                                                   + items.size() + " good items)", e);
            }
            throw e;
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no items: the text is empty");
        }
    }

    private static boolean isText(Object body) {
        return body instanceof CharSequence || body instanceof byte[] || body instanceof InputStream
               || body instanceof Reader;
    }

    private static Reader reader(Exchange exchange, Object body) {
        if (body instanceof Reader reader) {
            return reader;
        }
        if (body instanceof CharSequence text) {
            return new StringReader(text.toString());
        }
        InputStream in = body instanceof byte[] bytes ? new ByteArrayInputStream(bytes) : (InputStream) body;
        return StrictText.reader(in, charset(exchange));
    }

    private static String text(Exchange exchange, Object body) {
        if (body instanceof CharSequence text) {
            return text.toString();
        }
        try {
            return body instanceof byte[] bytes ? StrictText.decode(bytes, charset(exchange))
                    : exchange.getContext().getTypeConverter().mandatoryConvertTo(String.class, exchange, body);
        } catch (NoTypeConversionAvailableException e) {
            throw new IllegalArgumentException("the message body cannot be read as text", e);
        }
    }

    private static Charset charset(Exchange exchange) {
        String name = exchange.getProperty(Exchange.CHARSET_NAME, String.class);
        return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    }

    private static BatchItem element(Exchange exchange, Object element, int index) {
        if (element instanceof BatchItem item) {
            return item;
        }
        if (element instanceof Map<?, ?> map) {
            return BatchItemJson.read(map, "item " + index);
        }
        if (element instanceof CharSequence json) {
            return BatchItemJson.readJson(json.toString(), "item " + index);
        }
        if (element == null) {
            throw new IllegalArgumentException("item " + index + ": is null: expected a BatchItem, a Map or JSON text");
        }
        return converted(exchange, element, index);
    }

    private static BatchItem converted(Exchange exchange, Object value, int index) {
        BatchItem item = exchange.getContext().getTypeConverter().tryConvertTo(BatchItem.class, exchange, value);
        if (item == null) {
            throw new IllegalArgumentException("item " + index + ": cannot turn a " + value.getClass().getName()
                                               + " into a ScaleDown item: send a BatchItem, a Map, JSON text, or plain text"
                                               + " with header '" + ScaleDownConstants.MODEL + "'");
        }
        return item;
    }
}
