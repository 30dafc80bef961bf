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
 * {@link DefaultExchangeHolder} (values of simple types; others are left out, as camel-sql's repository does).
 */
final class ExchangeEnvelope {

    private ExchangeEnvelope() {
    }

    static DefaultExchangeHolder of(Exchange exchange) {
        Exchange shell = new DefaultExchange(exchange.getContext());
        shell.setExchangeId(exchange.getExchangeId());
        shell.getMessage().setHeaders(new HashMap<>(exchange.getMessage().getHeaders()));
        exchange.getAllProperties().forEach(shell::setProperty);
        return DefaultExchangeHolder.marshal(shell, true, false);
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

    /** A new exchange with the stored id, headers and properties, and no body yet. */
    static Exchange restore(CamelContext context, DefaultExchangeHolder holder) {
        Exchange exchange = new DefaultExchange(context);
        DefaultExchangeHolder.unmarshal(exchange, holder);
        return exchange;
    }
}
