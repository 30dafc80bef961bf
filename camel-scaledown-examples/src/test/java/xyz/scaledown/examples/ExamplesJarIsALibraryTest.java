package xyz.scaledown.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
            Path location = Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> atRoot = rootEntries(location).stream().filter(APPLICATION_FILES::contains).toList();
            assertEquals(List.of(), atRoot, "application files at the root of " + location);
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

    /** The names at the root of a classes directory or a jar (the reactor hands over either). */
    private static List<String> rootEntries(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            try (Stream<Path> entries = Files.list(location)) {
                return entries.map(path -> path.getFileName().toString()).toList();
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.stream().map(JarEntry::getName)
                    .map(name -> name.contains("/") ? name.substring(0, name.indexOf('/')) : name).distinct().toList();
        }
    }
}
