package xyz.scaledown.docs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import xyz.scaledown.sandbox.ScaleDownSandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first route, as written, with only the component pointed at the sandbox. */
class FirstRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fiveContractsGiveFourSummariesAndOneErrorFileInTheOutbox() throws Exception {
        DocsRun.inDocsWorkingDirectory();
        DocsRun.drop(Path.of("inbox/contracts"), "summarize/contract-01.txt", "summarize/contract-02.txt",
                "summarize/minutes-01.txt", "summarize/news-01.txt", "summarize/scan-unreadable.txt");
        try (ScaleDownSandbox sandbox = DocsRun.sandbox(); CamelContext camel = DocsRun.camel(sandbox)) {
            camel.addRoutes(new FirstRoute());
            camel.start();

            DocsRun.await("4 summaries and 1 error file in outbox/",
                    () -> DocsRun.count(Path.of("outbox/summaries")) == 4 && DocsRun.count(Path.of("outbox/errors")) == 1);
        }
        List<Path> summaries = DocsRun.files(Path.of("outbox/summaries"));
        assertEquals(List.of("contract-01.txt", "contract-02.txt", "minutes-01.txt", "news-01.txt"),
                summaries.stream().map(p -> p.getFileName().toString()).toList(), "named after their input file");
        for (Path summary : summaries) {
            assertTrue(JSON.readTree(summary.toFile()).path("summary").asText().length() > 10, summary.toString());
        }
        JsonNode error = JSON.readTree(Files.readString(Path.of("outbox/errors/scan-unreadable.txt"),
                StandardCharsets.UTF_8));
        assertEquals("unprocessable", error.path("error").path("code").asText(), error.toString());
        assertEquals("summarize", error.path("model").asText(), "the error item keeps its model");
        assertEquals(List.of(), DocsRun.files(Path.of("outbox/entities")));
    }
}
