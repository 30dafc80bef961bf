package xyz.scaledown.camel.producer;

import java.io.Closeable;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.IOHelper;

/**
 * Closes a resource when the exchange that carries it completes, whether it succeeded or failed.
 */
final class CloseOnCompletion extends SynchronizationAdapter {

    private final Closeable resource;

    CloseOnCompletion(Closeable resource) {
        this.resource = resource;
    }

    @Override
    public void onDone(Exchange exchange) {
        IOHelper.close(resource);
    }
}
