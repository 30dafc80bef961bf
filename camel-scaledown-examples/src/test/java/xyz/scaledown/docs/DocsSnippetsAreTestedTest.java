package xyz.scaledown.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The build step that keeps the docs honest: every Java, YAML and properties snippet of the component reference is an
 * asciidoc {@code include::} of a tagged region of a file in this package's snippet folders, every such block of the
 * README is byte for byte the region its marker names, and every snippet file is used by a test of this package that
 * runs it against the sandbox. A snippet copied by hand fails here.
 */
class DocsSnippetsAreTestedTest {

    static final Path ADOC = Path.of("camel-scaledown/src/main/docs/scaledown-component.adoc");
    static final Path README = Path.of("README.md");
    /**
     * The user project of "Testing your routes": its route and its JUnit 5 test are shown whole, and that module's
     * own build compiles and runs them against the sandbox.
     */
    static final Path USER_EXAMPLE = Path.of("camel-scaledown-user-example/src");

    private static final Pattern ADOC_SOURCE = Pattern.compile("\\[source,(java|yaml|properties)\\b.*\\]");
    private static final Pattern TAG_LINE = Pattern.compile("(?m)^\\s*(//|#)\\s*tag::[\\w-]+\\[\\]");
    private static final Pattern README_FENCE = Pattern.compile("```(java|yaml|yml|properties)\\s*");
    private static final Pattern README_MARKER = Pattern.compile("<!-- (" + TaggedRegions.INCLUDE.pattern() + ") -->");

    @Test
    void everyJavaYamlAndPropertiesBlockOfTheReferenceIsAnIncludeOfATestedRegion() throws IOException {
        Path adoc = DocsSources.projectRoot().resolve(ADOC);
        List<String> lines = Files.readAllLines(adoc, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!ADOC_SOURCE.matcher(lines.get(i).strip()).matches()) {
                continue;
            }
            blocks++;
            String where = ADOC + ":" + (i + 1);
            if (i + 3 >= lines.size() || !lines.get(i + 1).equals("----") || !lines.get(i + 3).equals("----")) {
                problems.add(where + ": the block must hold exactly one include:: line");
                continue;
            }
            Matcher include = TaggedRegions.INCLUDE.matcher(lines.get(i + 2));
            if (!include.matches()) {
                problems.add(where + ": not an include of a tested snippet: " + lines.get(i + 2));
                continue;
            }
            checkIncluded(adoc.getParent().resolve(include.group(1)).normalize(), include.group(2), where, problems);
        }
        assertTrue(blocks >= 10, "the reference's snippets were found: " + blocks);
        assertEquals(List.of(), problems);
    }

    @Test
    void everyJavaAndYamlBlockOfTheReadmeIsItsTaggedRegionByteForByte() throws IOException {
        Path readme = DocsSources.projectRoot().resolve(README);
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!README_FENCE.matcher(lines.get(i)).matches()) {
                continue;
            }
            blocks++;
            String where = README + ":" + (i + 1);
            Matcher marker = i == 0 ? null : README_MARKER.matcher(lines.get(i - 1));
            if (marker == null || !marker.matches()) {
                problems.add(where + ": a snippet needs the line <!-- include::<file>[tags=<tag>] --> right before it");
                continue;
            }
            StringBuilder block = new StringBuilder();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                block.append(lines.get(end++)).append('\n');
            }
            Path source = readme.getParent().resolve(marker.group(2)).normalize();
            if (checkIncluded(source, marker.group(3), where, problems)) {
                String region = TaggedRegions.of(source, marker.group(3));
                if (!region.equals(block.toString())) {
                    problems.add(where + ": differs from " + marker.group(2) + "[tags=" + marker.group(3)
                            + "]; the tested source reads:\n" + region);
                }
            }
        }
        assertTrue(blocks >= 1, "the README's snippets were found");
        assertEquals(List.of(), problems);
    }

    @Test
    void everySnippetFileIsRunByATestOfThisPackage() throws IOException {
        Path tests = DocsSources.snippetRoots()[0];
        List<String> testSources = new ArrayList<>();
        try (Stream<Path> files = Files.list(tests)) {
            for (Path test : files.filter(f -> f.getFileName().toString().endsWith("Test.java")).toList()) {
                if (!test.getFileName().toString().equals(getClass().getSimpleName() + ".java")) {
                    testSources.add(Files.readString(test, StandardCharsets.UTF_8));
                }
            }
        }
        for (Path root : DocsSources.snippetRoots()) {
            try (Stream<Path> files = Files.list(root)) {
                for (Path snippet : files.filter(DocsSnippetsAreTestedTest::hasTags).toList()) {
                    String name = snippet.getFileName().toString();
                    String used = name.endsWith(".java") ? name.substring(0, name.length() - 5) : name;
                    assertTrue(testSources.stream().anyMatch(test -> Pattern.compile("\\b" + Pattern.quote(used)
                            + "\\b").matcher(test).find()), name + " is a snippet that no test of this package runs");
                }
            }
        }
    }

    /** True when the file is under a snippet folder and has the region; else a problem is added. */
    private static boolean checkIncluded(Path source, String tags, String where, List<String> problems) {
        if (Arrays.stream(DocsSources.snippetRoots()).noneMatch(source::startsWith)
                && !source.startsWith(DocsSources.projectRoot().resolve(USER_EXAMPLE))) {
            problems.add(where + ": " + source + " is not a tested snippet (the tested snippets are in "
                    + Arrays.toString(DocsSources.snippetRoots()) + " and " + USER_EXAMPLE + ")");
            return false;
        }
        if (!Files.isRegularFile(source)) {
            problems.add(where + ": no such file " + source);
            return false;
        }
        try {
            assertFalse(TaggedRegions.of(source, tags).isBlank(), where + ": empty region");
            return true;
        } catch (AssertionError e) {
            problems.add(where + ": " + e.getMessage());
            return false;
        }
    }

    private static boolean hasTags(Path file) {
        try {
            return Files.isRegularFile(file) && TAG_LINE.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            fail(e);
            return false;
        }
    }
}
