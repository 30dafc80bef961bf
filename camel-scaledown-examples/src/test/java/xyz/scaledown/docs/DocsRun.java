package xyz.scaledown.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.sandbox.SandboxConfig;
import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a docs test runs a snippet in: the sandbox, a Camel context whose scaledown component points at it (the one
 * thing a user changes), and the working directory of the snippets' relative paths ({@code inbox/}, {@code outbox/},
 * {@code work/}), which is {@code target/docs-run} (the {@code docs} execution of surefire), emptied first.
 */
final class DocsRun {

    /** Any key: the sandbox takes every non-empty one unless told otherwise. */
    static final String SANDBOX_KEY = "docs-sandbox-key";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private DocsRun() {
    }

    /** Skips the test outside the docs execution, whose working directory the snippets' relative paths need. */
    static void inDocsWorkingDirectory() {
        assumeTrue(Path.of("").toAbsolutePath().endsWith("docs-run"),
                "docs tests run in target/docs-run (mvn verify, surefire execution 'docs')");
        for (String folder : List.of("inbox", "outbox", "work")) {
            deleteTree(Path.of(folder));
        }
    }

    static ScaleDownSandbox sandbox() {
        return ScaleDownSandbox.start(SandboxConfig.builder().port(0).queuedMillis(50).processingMillis(100).build());
    }

    /** A context whose scaledown component talks to the sandbox; not started. */
    static CamelContext camel(ScaleDownSandbox sandbox) {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent scaledown = new ScaleDownComponent();
        scaledown.getConfiguration().setBaseUrl(sandbox.baseUrl());
        scaledown.getConfiguration().setApiKey(SANDBOX_KEY);
        context.addComponent("scaledown", scaledown);
        return context;
    }

    /** Copies sample documents of the examples into a folder, as a user drops files into an inbox. */
    static void drop(Path inbox, String... samples) throws IOException {
        Files.createDirectories(inbox);
        for (String sample : samples) {
            try (InputStream in = DocsRun.class.getClassLoader()
                    .getResourceAsStream("xyz/scaledown/examples/samples/files/" + sample)) {
                Files.copy(in, inbox.resolve(Path.of(sample).getFileName()));
            }
        }
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    static int count(Path folder) {
        try {
            return files(folder).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a YAML snippet of {@code src/test/resources/docs} into the context. */
    static void loadYaml(CamelContext context, String name) throws Exception {
        String yaml;
        try (InputStream in = DocsRun.class.getClassLoader().getResourceAsStream("docs/" + name)) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        org.apache.camel.support.PluginHelper.getRoutesLoader(context)
                .loadRoutes(org.apache.camel.support.ResourceHelper.fromString(name, yaml));
    }

    /** A route of the test's own: every result exchange from {@code resultsUri} into {@code into}. */
    static org.apache.camel.builder.RouteBuilder collect(String resultsUri, List<org.apache.camel.Exchange> into) {
        return new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from(resultsUri).process(exchange -> {
                    synchronized (into) {
                        into.add(exchange.copy());
                    }
                });
            }
        };
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
