import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.util.StringHelper;

/**
 * Writes the starter's META-INF/spring-configuration-metadata.json from the component's catalog JSON (found on the
 * class path, where camel-package-maven-plugin put it), so that IDEs complete camel.component.scaledown.* with every
 * option, its type, default and description. Run by the build (exec-maven-plugin, generate-resources) as a Java source
 * file: java -cp CLASSPATH SpringConfigurationMetadata.java OUTPUT
 */
public final class SpringConfigurationMetadata {

    private static final String CATALOG = "META-INF/xyz/scaledown/camel/scaledown.json";
    private static final Map<String, String> BOXED = Map.of("int", "java.lang.Integer", "long", "java.lang.Long",
            "boolean", "java.lang.Boolean", "double", "java.lang.Double", "float", "java.lang.Float",
            "short", "java.lang.Short", "byte", "java.lang.Byte", "char", "java.lang.Character");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SpringConfigurationMetadata OUTPUT_FILE");
        }
        URL catalog = ClassLoader.getSystemResource(CATALOG);
        if (catalog == null) {
            throw new IllegalStateException(CATALOG + " is not on the class path: build camel-scaledown first");
        }
        JsonNode component;
        try (InputStream in = catalog.openStream()) {
            component = JSON.readTree(in);
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.getParent());
        JSON.writeValue(output.toFile(), metadata(component));
    }

    static ObjectNode metadata(JsonNode catalog) {
        String scheme = catalog.path("component").path("scheme").asText();
        String sourceType = catalog.path("component").path("javaType").asText();
        String prefix = "camel.component." + scheme;

        ObjectNode metadata = JSON.createObjectNode();
        metadata.putArray("groups").addObject()
                .put("name", prefix)
                .put("type", sourceType)
                .put("description", catalog.path("component").path("description").asText())
                .put("sourceType", sourceType);
        ArrayNode properties = metadata.putArray("properties");
        ArrayNode hints = metadata.putArray("hints");

        // the starter's own switches, as Camel's starters have them
        properties.addObject().put("name", prefix + ".enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether to enable auto configuration of the " + scheme
                        + " component. This is enabled by default.")
                .put("sourceType", sourceType).put("defaultValue", true);
        properties.addObject().put("name", prefix + ".customizer.enabled").put("type", "java.lang.Boolean")
                .put("description", "Whether the " + scheme + " component customizer applies these options"
                        + " (camel.component.customizer.enabled for every component).")
                .put("sourceType", sourceType).put("defaultValue", true);

        for (Iterator<Map.Entry<String, JsonNode>> options = catalog.path("componentProperties").fields();
                options.hasNext();) {
            Map.Entry<String, JsonNode> option = options.next();
            String name = prefix + "." + StringHelper.camelCaseToDash(option.getKey());
            properties.add(property(name, option.getValue(), sourceType));
            JsonNode values = option.getValue().path("enum");
            if (values.isArray() && !values.isEmpty()) {
                ArrayNode hintValues = hints.addObject().put("name", name).putArray("values");
                values.forEach(value -> hintValues.addObject().put("value", value.asText()));
            }
        }
        return metadata;
    }

    private static ObjectNode property(String name, JsonNode option, String sourceType) {
        String javaType = option.path("javaType").asText();
        boolean duration = "duration".equals(option.path("type").asText());
        String type = duration ? "java.time.Duration" : BOXED.getOrDefault(javaType, javaType);
        String description = option.path("description").asText();
        if ("object".equals(option.path("type").asText())) {
            description += (description.endsWith(".") ? " " : ". ") + "The option is a " + javaType + " type.";
        }
        ObjectNode property = JSON.createObjectNode()
                .put("name", name)
                .put("type", type)
                .put("description", description)
                .put("sourceType", sourceType);
        JsonNode defaultValue = option.get("defaultValue");
        if (defaultValue != null && !defaultValue.isNull()) {
            if (duration) {
                property.put("defaultValue", durationText(defaultValue.asLong()));
            } else {
                property.set("defaultValue", defaultValue);
            }
        }
        if (option.path("deprecated").asBoolean()) {
            property.put("deprecated", true).putObject("deprecation");
        }
        return property;
    }

    /** Milliseconds in Spring's duration form, in the largest unit that keeps it whole: 86400000 is 1d. */
    private static String durationText(long millis) {
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
