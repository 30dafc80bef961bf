package com.example.tickets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The component reference shows this project's route and test through asciidoc includes: each one must resolve. */
class ReferenceIncludesTest {

    private static final Path ADOC = Path.of("../camel-scaledown/src/main/docs/scaledown-component.adoc");
    private static final Pattern INCLUDE = Pattern.compile("^include::(\\S+?)\\[tags=([\\w-]+)]$", Pattern.MULTILINE);

    @Test
    void everyIncludeOfThisProjectNamesAFileAndATagRegionThatExist() throws Exception {
        Matcher include = INCLUDE.matcher(Files.readString(ADOC));
        List<String> ours = new ArrayList<>();
        while (include.find()) {
            Path file = ADOC.getParent().resolve(include.group(1)).normalize();
            String tag = include.group(2);
            assertTrue(Files.isRegularFile(file), "the adoc includes " + include.group(1) + ", which is not there");
            String source = Files.readString(file);
            assertTrue(source.contains("// tag::" + tag + "[]") && source.contains("// end::" + tag + "[]"),
                    file + " has no tag region '" + tag + "'");
            if (file.toString().contains("camel-scaledown-user-example")) {
                ours.add(file.getFileName() + "#" + tag);
            }
        }
        assertEquals(List.of("TicketSummaryRoutes.java#routes", "TicketSummaryRoutesTest.java#test"), ours);
    }
}
