package xyz.scaledown.camel.springboot;

import org.apache.camel.spi.ComponentCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import xyz.scaledown.camel.ScaleDownComponent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownComponentAutoConfigurationTest {

    private final ScaleDownComponent component = new ScaleDownComponent();

    @Test
    void theCustomizerAppliesToTheScaledownComponentByDefault() {
        ComponentCustomizer customizer = customizerWith(new MockEnvironment());

        assertTrue(customizer.isEnabled("scaledown", component));
        assertFalse(customizer.isEnabled("scaledown2", component), "another name is another component's business");
    }

    @Test
    void eachOfTheSwitchesTurnsItOff() {
        for (String property : new String[] { "camel.component.scaledown.enabled",
                "camel.component.scaledown.customizer.enabled", "camel.component.customizer.enabled" }) {
            ComponentCustomizer customizer = customizerWith(new MockEnvironment().withProperty(property, "false"));

            assertFalse(customizer.isEnabled("scaledown", component), property);
        }
    }

    private static ComponentCustomizer customizerWith(MockEnvironment environment) {
        return new ScaleDownComponentAutoConfiguration().configureScaleDownComponent(environment);
    }
}
