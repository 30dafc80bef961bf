package xyz.scaledown.camel.health;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;

import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.observe.TrackedBatchesView;

/**
 * Readiness of a {@code scaledown:results} consumer: Camel's own scheduled-poll check (first poll, poll errors) first,
 * then {@link ApiHealthRules} over the consumer's recent calls and its tracker's batches.
 */
public final class ScaleDownConsumerHealthCheck implements HealthCheck {

    private final ScheduledPollConsumer consumer;
    private volatile ScheduledPollConsumerHealthCheck camelCheck;
    private volatile boolean enabled = true;

    public ScaleDownConsumerHealthCheck(ScheduledPollConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    /** The consumer's route id is only known once the route is built, so the id is made on first use. */
    @Override
    public String getId() {
        return "consumer:" + consumer.getRouteId();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isEnabled() {
        return enabled && endpoint().getComponent().isHealthCheckConsumerEnabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        Result camel = camelCheck().call(options);
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).details(camel.getDetails())
                .state(camel.getState());
        camel.getMessage().ifPresent(builder::message);
        camel.getError().ifPresent(builder::error);
        String down;
        try {
            down = ApiHealthRules.evaluate(builder, endpoint().getActivity(),
                    TrackedBatchesView.summaryOf(endpoint().getTracker()),
                    endpoint().getComponent().getHealthCheckFailureThreshold());
        } catch (RuntimeException trackerUnreadable) {
            // a tracker whose database is unreachable: the consumer cannot deliver until it answers again
            builder.error(trackerUnreadable);
            down = "The results consumer cannot read its batch tracker: " + trackerUnreadable.getMessage();
        }
        if (down != null) {
            builder.message(down).down();
        }
        return builder.build();
    }

    private ScaleDownEndpoint endpoint() {
        return (ScaleDownEndpoint) consumer.getEndpoint();
    }

    private ScheduledPollConsumerHealthCheck camelCheck() {
        ScheduledPollConsumerHealthCheck check = camelCheck;
        if (check == null) {
            check = new ScheduledPollConsumerHealthCheck(consumer, getId());
            camelCheck = check;
        }
        return check;
    }
}
