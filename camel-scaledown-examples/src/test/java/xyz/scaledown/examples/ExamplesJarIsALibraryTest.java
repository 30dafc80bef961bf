package xyz.scaledown.examples;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownComponent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the examples' jar and the component's jar put on the class path of an application that depends on them:
 * classes and resources in their own packages, never an application's files at the root (Camel Main's
 * {@code application.properties}, a logging configuration, {@code routes/}), which would configure that application.
 */
class ExamplesJarIsALibraryTest {

    private static final List<String> APPLICATION_FILES = List.of("application.properties", "application.yaml",
            "application.yml", "log4j2.xml", "log4j2.properties", "log4j2-test.xml", "logback.xml", "routes",
            "samples", "camel");

    @Test
    void noJarAUserDependsOnHasApplicationFilesAtItsRoot() throws Exception {
        for (Class<?> inJar : List.of(ExamplesApplication.class, ScaleDownComponent.class)) {
            Path root = classesRoot(inJar);
            try (Stream<Path> entries = Files.list(root)) {
                List<String> atRoot = entries.map(path -> path.getFileName().toString())
                        .filter(APPLICATION_FILES::contains).toList();
                assertEquals(List.of(), atRoot, "application files at the root of " + root);
            }
        }
    }

    @Test
    void theJobLoadsItsOwnFilesByName() {
        ClassLoader loader = getClass().getClassLoader();
        assertTrue(ExamplesApplication.PROPERTIES.startsWith("classpath:" + ExamplesApplication.RESOURCES));
        for (String resource : List.of("application.properties", "log4j2.xml", "routes/files-pipeline.yaml",
                "samples/files/index.txt")) {
            assertTrue(loader.getResource(ExamplesApplication.RESOURCES + resource) != null, resource);
        }
    }

    private static Path classesRoot(Class<?> type) throws URISyntaxException {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(location), "built through the reactor: " + location);
        return location;
    }
}
