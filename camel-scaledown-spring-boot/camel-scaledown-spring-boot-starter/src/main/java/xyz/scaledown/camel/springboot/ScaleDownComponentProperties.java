package xyz.scaledown.camel.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.util.StringHelper;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import xyz.scaledown.camel.ScaleDownComponent;

/**
 * Reads {@code camel.component.scaledown.*} from Spring's environment (placeholders resolved, so
 * {@code api-key=${SCALEDOWN_API_KEY}} takes the key from the process environment) and sets each one on the component
 * through its generated configurer: the options stay those the component declares, in one place. An option the
 * component does not have fails the start with its name.
 */
final class ScaleDownComponentProperties {

    static final String PREFIX = "camel.component.scaledown";

    private final Environment environment;

    ScaleDownComponentProperties(Environment environment) {
        this.environment = environment;
    }

    /** The options as the component's configurer names them (camelCase), without the starter's own switches. */
    Map<String, Object> options() {
        Map<String, String> raw = Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Map<String, Object> options = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            if (!name.equals("enabled") && !name.startsWith("customizer")) {
                options.put(StringHelper.dashToCamelCase(name), value);
            }
        });
        return options;
    }

    void applyTo(ScaleDownComponent component) throws Exception {
        Map<String, Object> options = options();
        // the options that were set leave the map; what stays is unknown to the component
        CamelPropertiesHelper.setCamelProperties(component.getCamelContext(), component, options, false);
        if (!options.isEmpty()) {
            // names only: a value may be the key
            throw new IllegalArgumentException("The scaledown component has no option " + options.keySet() + " (from "
                                               + PREFIX + ".*); see the component reference for its options");
        }
    }
}
