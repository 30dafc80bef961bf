package xyz.scaledown.examples;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownBackendTest {

    @Test
    void withAnApiKeyTheRealServiceIsUsedAndTheKeyIsLeftToTheComponent() {
        try (ScaleDownBackend backend = ScaleDownBackend.choose(Map.of("SCALEDOWN_API_KEY", "sk-secret"))) {
            assertFalse(backend.isSandbox());
            assertEquals(Map.of(), backend.componentProperties());
            assertEquals("the ScaleDown service at https://api.scaledown.xyz", backend.describe());
        }
    }

    @Test
    void withoutAnApiKeyTheSandboxIsStartedAndTheComponentPointedAtIt() {
        try (ScaleDownBackend backend = ScaleDownBackend.choose(Map.of())) {
            assertTrue(backend.isSandbox());
            assertTrue(backend.componentProperties().get("camel.component.scaledown.base-url")
                    .startsWith("http://127.0.0.1:"));
            assertEquals("sandbox", backend.componentProperties().get("camel.component.scaledown.api-key"));
        }
    }
}
