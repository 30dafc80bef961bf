package xyz.scaledown.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sample documents of the files example, {@code xyz/scaledown/examples/samples/files/<model>/<name>} on the classpath, listed in
 * {@code samples/files/index.txt} (a jar cannot be listed like a folder).
 */
public final class SampleFiles {

    private static final String ROOT = ExamplesApplication.RESOURCES + "samples/files/";

    /** One sample: {@code model} is its inbox folder. */
    public record Sample(String model, String name) {

        public String resource() {
            return ROOT + model + "/" + name;
        }
    }

    private SampleFiles() {
    }

    public static List<Sample> list() {
        try (BufferedReader index = new BufferedReader(new InputStreamReader(open(ROOT + "index.txt"),
                StandardCharsets.UTF_8))) {
            return index.lines().map(String::strip).filter(line -> !line.isEmpty())
                    .map(line -> new Sample(line.substring(0, line.indexOf('/')), line.substring(line.indexOf('/') + 1)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Sample sample) {
        try (InputStream in = open(sample.resource())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every sample into {@code inbox/<model>/}; returns how many. */
    public static int copyToInboxes(WorkDirectory workDir) throws IOException {
        List<Sample> samples = list();
        for (Sample sample : samples) {
            Path inbox = Files.createDirectories(workDir.inbox(sample.model()));
            Files.writeString(inbox.resolve(sample.name()), text(sample), StandardCharsets.UTF_8);
        }
        return samples.size();
    }

    private static InputStream open(String resource) {
        InputStream in = SampleFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("sample " + resource + " is missing from the classpath");
        }
        return in;
    }
}
