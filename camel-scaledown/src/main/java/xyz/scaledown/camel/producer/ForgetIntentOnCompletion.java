package xyz.scaledown.camel.producer;

import org.apache.camel.Exchange;
import org.apache.camel.Ordered;
import org.apache.camel.support.SynchronizationAdapter;

import xyz.scaledown.camel.tracking.SubmitIntents;

/**
 * Forgets a submit intent once its exchange completed: then nothing sends the exchange again (the aggregator confirmed
 * it, which runs first). On failure the intent stays, so the recovery or redelivery that follows is answered from it.
 */
final class ForgetIntentOnCompletion extends SynchronizationAdapter {

    private final SubmitIntents intents;
    private final String key;

    ForgetIntentOnCompletion(SubmitIntents intents, String key) {
        this.intents = intents;
        this.key = key;
    }

    @Override
    public void onComplete(Exchange exchange) {
        intents.forget(key);
    }

    @Override
    public int getOrder() {
        // after the aggregator's confirm: forgetting first would leave a window where a crash re-sends the batch
        return Ordered.LOWEST;
    }
}
