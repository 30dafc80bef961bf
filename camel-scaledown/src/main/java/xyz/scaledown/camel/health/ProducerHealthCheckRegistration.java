package xyz.scaledown.camel.health;

import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;

import xyz.scaledown.camel.ScaleDownEndpoint;

/**
 * Puts a producer endpoint's readiness check into Camel's producers health repository while the endpoint runs. Does
 * nothing when camel-health is absent or the component's producer health checks are off.
 */
public final class ProducerHealthCheckRegistration {

    private final ScaleDownEndpoint endpoint;
    private WritableHealthCheckRepository repository;
    private ScaleDownProducerHealthCheck check;

    public ProducerHealthCheckRegistration(ScaleDownEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public void register() {
        if (!endpoint.getComponent().isHealthCheckProducerEnabled()) {
            return;
        }
        repository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (repository != null) {
            check = new ScaleDownProducerHealthCheck(endpoint);
            repository.addHealthCheck(check);
        }
    }

    public void unregister() {
        if (repository != null && check != null) {
            repository.removeHealthCheck(check);
        }
        repository = null;
        check = null;
    }
}
