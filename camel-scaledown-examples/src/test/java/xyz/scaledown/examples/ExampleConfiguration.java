package xyz.scaledown.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** The entity and label names the examples are configured with, read from the same application.properties. */
final class ExampleConfiguration {

    private static final Properties PROPERTIES = load();

    private ExampleConfiguration() {
    }

    static Set<String> labelNames() {
        return names("examples.classify.labels");
    }

    static Set<String> entityNames() {
        return names("examples.extract.entities");
    }

    /** The names of a {@code name:description;name:description} property. */
    private static Set<String> names(String property) {
        return Arrays.stream(PROPERTIES.getProperty(property).split(";"))
                .map(pair -> pair.substring(0, pair.indexOf(':')).strip())
                .collect(Collectors.toSet());
    }

    private static Properties load() {
        try (InputStream in = ExampleConfiguration.class.getClassLoader().getResourceAsStream("xyz/scaledown/examples/application.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
