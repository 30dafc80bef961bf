package xyz.scaledown.camel.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.util.URISupport;

import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.observe.TrackedBatchesView;

/**
 * Readiness of a {@code scaledown:submit}, {@code status} or {@code output} endpoint: {@link ApiHealthRules} over the
 * endpoint's recent calls and its tracker's batches.
 */
public final class ScaleDownProducerHealthCheck extends AbstractHealthCheck {

    private final ScaleDownEndpoint endpoint;

    public ScaleDownProducerHealthCheck(ScaleDownEndpoint endpoint) {
        super("camel", "producer:" + URISupport.sanitizeUri(endpoint.getEndpointUri()));
        this.endpoint = endpoint;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String down = ApiHealthRules.evaluate(builder, endpoint.getActivity(), TrackedBatchesView.summaryOf(endpoint.getTracker()),
                endpoint.getComponent().getHealthCheckFailureThreshold());
        if (down == null) {
            builder.up();
        } else {
            builder.message(down).down();
        }
    }
}
