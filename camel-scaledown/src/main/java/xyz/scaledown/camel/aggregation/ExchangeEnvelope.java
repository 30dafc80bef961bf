package xyz.scaledown.camel.aggregation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultExchangeHolder;

/**
 * The exchange around a stored batch, without its body: id, headers and properties, kept with Camel's
 * {@link DefaultExchangeHolder} (values of simple types; others are left out, as camel-sql's repository does), plus the
 * batch's {@linkplain xyz.scaledown.camel.batching.ScaleDownBatch#customIdKey() custom_id key}.
 */
final class ExchangeEnvelope {

    /** A property of the envelope only: taken off again when the exchange is restored. */
    private static final String CUSTOM_ID_KEY = "CamelScaleDownStoredCustomIdKey";

    private ExchangeEnvelope() {
    }

    static DefaultExchangeHolder of(Exchange exchange, String customIdKey) {
        Exchange shell = new DefaultExchange(exchange.getContext());
        shell.setExchangeId(exchange.getExchangeId());
        shell.getMessage().setHeaders(new HashMap<>(exchange.getMessage().getHeaders()));
        exchange.getAllProperties().forEach(shell::setProperty);
        if (customIdKey != null) {
            shell.setProperty(CUSTOM_ID_KEY, customIdKey);
        }
        return DefaultExchangeHolder.marshal(shell, true, false);
    }

    /** Takes the custom_id key off an exchange made by {@link #restore}; null when it was stored without one. */
    static String takeCustomIdKey(Exchange restored) {
        return (String) restored.removeProperty(CUSTOM_ID_KEY);
    }

    static byte[] toBytes(DefaultExchangeHolder holder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(holder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the headers of an aggregated exchange", e);
        }
        return bytes.toByteArray();
    }

    static DefaultExchangeHolder fromBytes(byte[] envelope) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(envelope))) {
            return (DefaultExchangeHolder) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the headers of a stored aggregated exchange", e);
        }
    }

    static Exchange restore(CamelContext context, DefaultExchangeHolder holder) {
        Exchange exchange = new DefaultExchange(context);
        DefaultExchangeHolder.unmarshal(exchange, holder);
        return exchange;
    }
}
