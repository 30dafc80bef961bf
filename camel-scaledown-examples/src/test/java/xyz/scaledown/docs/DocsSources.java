package xyz.scaledown.docs;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, whatever directory the tests run in. */
final class DocsSources {

    private DocsSources() {
    }

    /** The root of the project (the parent of the examples module). */
    static Path projectRoot() {
        String basedir = System.getProperty("basedir");
        Path module;
        if (basedir != null) {
            module = Path.of(basedir);
        } else {
            try {
                // target/test-classes -> the module
                module = Path.of(DocsSources.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .getParent().getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path root = module.toAbsolutePath().normalize().getParent();
        if (!Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("not the project root: " + root);
        }
        return root;
    }

    /** The folders whose files are the docs' snippets: compiled and run by the tests of this package. */
    static Path[] snippetRoots() {
        Path examples = projectRoot().resolve("camel-scaledown-examples/src/test");
        return new Path[] {examples.resolve("java/xyz/scaledown/docs"), examples.resolve("resources/docs")};
    }
}
