package xyz.scaledown.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asciidoctor's {@code include::file[tags=a;b,indent=0]}, as the docs use it: the lines inside the named tagged
 * regions ({@code // tag::a[]} ... {@code // end::a[]}, {@code # tag::a[]} in YAML and properties), without any tag
 * directive line, with their common indentation removed. The README's snippets are compared with the same text.
 */
final class TaggedRegions {

    private static final Pattern DIRECTIVE = Pattern.compile("\\b(tag|end)::([\\w-]+)\\[\\]");
    /** {@code include::path[tags=a;b,indent=0]}, alone on its line. */
    static final Pattern INCLUDE = Pattern.compile("include::([^\\[]+)\\[tags=([\\w;-]+)(?:,indent=0)?\\]");

    private TaggedRegions() {
    }

    /** The text the include gives, each line ending with a newline; fails when a tag is not in the file. */
    static String of(Path file, String tags) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Set<String> wanted = Set.of(tags.split(";"));
        Set<String> found = new HashSet<>();
        Set<String> open = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            Matcher directive = DIRECTIVE.matcher(line);
            if (directive.find()) {
                String tag = directive.group(2);
                if (directive.group(1).equals("tag")) {
                    open.add(tag);
                    if (wanted.contains(tag)) {
                        found.add(tag);
                    }
                } else {
                    open.remove(tag);
                }
                continue;
            }
            if (open.stream().anyMatch(wanted::contains)) {
                kept.add(line);
            }
        }
        if (!found.equals(wanted)) {
            throw new AssertionError(file + " has no tagged region " + wanted.stream().filter(t -> !found.contains(t))
                    .toList());
        }
        int indent = kept.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : kept) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
