package xyz.scaledown.camel.metrics;

import java.util.Set;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.observe.ScaleDownObserver;

/**
 * Finds a Micrometer {@code MeterRegistry} in Camel's registry. Micrometer is an optional dependency: without it on
 * the class path, or without a registry bound, the component observes nothing for metrics. No Micrometer type is
 * touched before the class is known to be there.
 */
public final class MeterRegistryLookup {

    private static final Logger LOG = LoggerFactory.getLogger(MeterRegistryLookup.class);
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private MeterRegistryLookup() {
    }

    /** The metrics observer over the registry's MeterRegistry, or {@link ScaleDownObserver#NONE}. */
    public static ScaleDownObserver metricsFor(CamelContext context) {
        if (context.getClassResolver().resolveClass(METER_REGISTRY) == null) {
            return ScaleDownObserver.NONE;
        }
        return MicrometerPresent.metricsFor(context);
    }

    /** Only loaded once Micrometer is known to be on the class path. */
    private static final class MicrometerPresent {

        static ScaleDownObserver metricsFor(CamelContext context) {
            io.micrometer.core.instrument.MeterRegistry registry = context.getRegistry()
                    .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
            if (registry == null) {
                Set<io.micrometer.core.instrument.MeterRegistry> all = context.getRegistry()
                        .findByType(io.micrometer.core.instrument.MeterRegistry.class);
                registry = all.stream()
                        .filter(r -> r instanceof io.micrometer.core.instrument.composite.CompositeMeterRegistry)
                        .findFirst().orElse(null);
            }
            if (registry == null) {
                LOG.debug("No Micrometer MeterRegistry in the registry: scaledown metrics are off");
                return ScaleDownObserver.NONE;
            }
            LOG.info("scaledown metrics go to the Micrometer registry {}", registry.getClass().getSimpleName());
            return new ScaleDownMetrics(registry);
        }
    }
}
