package xyz.scaledown.camel.springboot;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import xyz.scaledown.camel.ScaleDownComponent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownComponentPropertiesTest {

    private static final String KEY = "fake.key.starter.0123456789.SECRET";

    @Test
    void dashedPropertiesReachTheComponentWithPlaceholdersResolved() throws Exception {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("SCALEDOWN_API_KEY", KEY)
                .withProperty("camel.component.scaledown.api-key", "${SCALEDOWN_API_KEY}")
                .withProperty("camel.component.scaledown.base-url", "http://127.0.0.1:9")
                .withProperty("camel.component.scaledown.max-retries", "7")
                .withProperty("camel.component.scaledown.retry-initial-delay", "3s")
                .withProperty("camel.component.scaledown.health-check-failure-threshold", "2")
                .withProperty("camel.component.scaledown.customizer.enabled", "true");
        ScaleDownComponent component = componentInAContext();

        new ScaleDownComponentProperties(environment).applyTo(component);

        assertEquals(KEY, component.getConfiguration().getApiKey());
        assertEquals("http://127.0.0.1:9", component.getConfiguration().getBaseUrl());
        assertEquals(7, component.getConfiguration().getMaxRetries());
        assertEquals(3000, component.getConfiguration().getRetryInitialDelay());
        assertEquals(2, component.getHealthCheckFailureThreshold());
    }

    @Test
    void anOptionTheComponentDoesNotHaveFailsNamingItButNotTheValues() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("camel.component.scaledown.api-kee", KEY)
                .withProperty("camel.component.scaledown.max-retries", "7");
        ScaleDownComponent component = componentInAContext();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaleDownComponentProperties(environment).applyTo(component));

        assertTrue(e.getMessage().contains("[apiKee]"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
    }

    private static ScaleDownComponent componentInAContext() {
        ScaleDownComponent component = new ScaleDownComponent();
        component.setCamelContext(new DefaultCamelContext());
        return component;
    }
}
