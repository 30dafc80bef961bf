package xyz.scaledown.camel.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter's Spring Boot configuration metadata, as an IDE reads it from the class path, against the component's
 * catalog JSON: every component option is there under camel.component.scaledown.&lt;dashed name&gt;.
 */
class SpringConfigurationMetadataTest {

    private static final String PREFIX = "camel.component.scaledown.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode catalogOptions;
    private static JsonNode metadata;
    private static Map<String, JsonNode> properties;

    @BeforeAll
    static void read() throws IOException {
        catalogOptions = read(getResource("META-INF/xyz/scaledown/camel/scaledown.json")).path("componentProperties");
        metadata = null;
        for (URL url : Collections.list(SpringConfigurationMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            JsonNode candidate = read(url);
            for (JsonNode group : candidate.path("groups")) {
                if (group.path("name").asText().equals("camel.component.scaledown")) {
                    metadata = candidate;
                }
            }
        }
        assertNotNull(metadata, "no spring-configuration-metadata.json with the group camel.component.scaledown");
        properties = new HashMap<>();
        metadata.path("properties").forEach(property -> properties.put(property.path("name").asText(), property));
    }

    @Test
    void everyOptionOfTheCatalogIsThereWithItsTypeDescriptionAndDefault() {
        assertTrue(catalogOptions.size() > 30, "the catalog's componentProperties: " + catalogOptions.size());
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> options = catalogOptions.fields(); options.hasNext();) {
            Map.Entry<String, JsonNode> option = options.next();
            String name = PREFIX + dashed(option.getKey());
            JsonNode property = properties.get(name);
            if (property == null) {
                missing.add(name);
                continue;
            }
            assertFalse(property.path("type").asText().isEmpty(), name);
            assertTrue(property.path("description").asText().startsWith(option.getValue().path("description").asText()),
                    name + ": " + property.path("description"));
            assertEquals("xyz.scaledown.camel.ScaleDownComponent", property.path("sourceType").asText(), name);
            assertEquals(option.getValue().hasNonNull("defaultValue"), property.has("defaultValue"), name);
        }
        assertEquals(List.of(), missing, "component options without metadata");
    }

    @Test
    void typesAndDefaultsAreTheOnesSpringBinds() {
        assertEquals("java.lang.String", properties.get(PREFIX + "api-key").path("type").asText());
        assertEquals("java.lang.Integer", properties.get(PREFIX + "max-retries").path("type").asText());
        assertEquals(3, properties.get(PREFIX + "max-retries").path("defaultValue").asInt());
        assertEquals("java.time.Duration", properties.get(PREFIX + "retry-initial-delay").path("type").asText());
        assertEquals("2s", properties.get(PREFIX + "retry-initial-delay").path("defaultValue").asText());
        assertEquals("1d", properties.get(PREFIX + "batch-timeout").path("defaultValue").asText());
        assertEquals("javax.sql.DataSource", properties.get(PREFIX + "tracker-data-source").path("type").asText());
        assertTrue(properties.get(PREFIX + "enabled").path("defaultValue").asBoolean(), "the starter's own switch");
        assertTrue(properties.containsKey(PREFIX + "customizer.enabled"));
    }

    @Test
    void enumOptionsHintTheirValues() {
        Map<String, List<String>> hints = new HashMap<>();
        for (JsonNode hint : metadata.path("hints")) {
            List<String> values = new ArrayList<>();
            hint.path("values").forEach(value -> values.add(value.path("value").asText()));
            hints.put(hint.path("name").asText(), values);
        }
        assertEquals(List.of("summarize", "extract", "classify"), hints.get(PREFIX + "model"));
        assertEquals(List.of("list", "iterator"), hints.get(PREFIX + "output-mode"));
    }

    @Test
    void eachNameIsOneTheStarterSetsOnTheComponent() {
        for (String name : properties.keySet()) {
            String option = name.substring(PREFIX.length());
            if (!option.equals("enabled") && !option.startsWith("customizer.")) {
                assertTrue(catalogOptions.has(StringHelper.dashToCamelCase(option)), name);
            }
        }
    }

    /** camelCase to the dashed form Spring documents: healthCheckFailureThreshold is health-check-failure-threshold. */
    private static String dashed(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static URL getResource(String name) {
        URL url = SpringConfigurationMetadataTest.class.getClassLoader().getResource(name);
        assertNotNull(url, name);
        return url;
    }

    private static JsonNode read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return JSON.readTree(in);
        }
    }
}
