package xyz.scaledown.camel.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.ClassifyResult;
import xyz.scaledown.camel.model.ExtractResult;
import xyz.scaledown.camel.model.ExtractedEntity;
import xyz.scaledown.camel.model.ResultError;
import xyz.scaledown.camel.model.SummarizeResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLineParserTest {

    static final String SUMMARIZE_LINE = line("s-1", "summarize",
            "{\"summary\":\"Short.\",\"input_chars\":120,\"output_chars\":6,\"extra\":1}");
    static final String EXTRACT_LINE = line("e-1", "extract",
            "{\"entities\":[{\"type\":\"party\",\"text\":\"ACME\",\"confidence\":0.93,\"start\":0,\"end\":4,\"x\":true}]}");
    static final String CLASSIFY_LINE = line("c-1", "classify",
            "{\"top_label\":\"urgent\",\"scores\":{\"urgent\":0.9,\"spam\":0.1},\"reasoning\":\"down\",\"labels\":[\"urgent\"]}");
    static final String ERROR_LINE = "{\"custom_id\":\"x-1\",\"response\":{\"status_code\":422,\"body\":{\"model\":\"summarize\"}},"
            + "\"error\":{\"code\":\"text_too_long\",\"message\":\"text exceeds the limit\"}}";

    private final OutputLineParser parser = new OutputLineParser();

    static String line(String customId, String model, String content) {
        return "{\"custom_id\":\"" + customId + "\",\"unknown_top\":{\"a\":1},\"response\":{\"status_code\":200,\"request_id\":\"r\","
               + "\"body\":{\"model\":\"" + model + "\",\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
               + "\"content\":" + quoteJson(content) + "}}]}},\"error\":null}";
    }

    static String quoteJson(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void summarize() {
        BatchResultItem item = parser.parse(SUMMARIZE_LINE, 1);
        assertEquals(new BatchResultItem("s-1", "summarize", 200, new SummarizeResult("Short.", 120, 6), null), item);
    }

    @Test
    void extract() {
        BatchResultItem item = parser.parse(EXTRACT_LINE, 2);
        assertEquals("extract", item.model());
        assertEquals(new ExtractResult(List.of(new ExtractedEntity("party", "ACME", 0.93, 0, 4))), item.content());
    }

    @Test
    void classify() {
        BatchResultItem item = parser.parse(CLASSIFY_LINE, 3);
        ClassifyResult result = assertInstanceOf(ClassifyResult.class, item.content());
        assertEquals("urgent", result.topLabel());
        assertEquals(Map.of("urgent", 0.9, "spam", 0.1), result.scores());
        assertEquals("down", result.reasoning());
        assertFalse(item.isError());
    }

    @Test
    void contentAlreadyAnObjectIsAccepted() {
        String line = "{\"custom_id\":\"s\",\"response\":{\"status_code\":200,\"body\":{\"model\":\"summarize\",\"choices\":"
                      + "[{\"message\":{\"content\":{\"summary\":\"S\",\"input_chars\":1,\"output_chars\":1}}}]}}}";
        assertEquals(new SummarizeResult("S", 1, 1), parser.parse(line, 1).content());
    }

    @Test
    void lineErrorKeepsItsCodeMessageAndStatus() {
        BatchResultItem item = parser.parse(ERROR_LINE, 4);
        assertEquals("x-1", item.customId());
        assertEquals(422, item.statusCode());
        assertEquals(new ResultError("text_too_long", "text exceeds the limit"), item.error());
        assertNull(item.content());
    }

    @Test
    void notJsonBecomesAnInvalidLineItem() {
        BatchResultItem item = parser.parse("<html>oops</html>", 7);
        assertInvalid(item, null, "line 7");
        assertTrue(item.error().message().contains("<html>oops</html>"), item.error().message());
    }

    @Test
    void truncatedLineKeepsTheCustomIdItCouldRead() {
        String truncated = SUMMARIZE_LINE.substring(0, SUMMARIZE_LINE.length() / 2);
        assertInvalid(parser.parse(truncated, 9), "s-1", "line 9");
    }

    @Test
    void missingChoicesContentNotJsonAndUnknownModel() {
        assertInvalid(parser.parse("{\"custom_id\":\"a\",\"response\":{\"status_code\":200,\"body\":{\"model\":\"summarize\"}}}", 1),
                "a", "choices");
        assertInvalid(parser.parse(line("b", "summarize", "not json"), 2), "b", "content");
        assertInvalid(parser.parse(line("c", "translate", "{}"), 3), "c", "unknown model 'translate'");
        assertInvalid(parser.parse("[1,2]", 4), null, "not a JSON object");
    }

    @Test
    void longLinesAreQuotedShort() {
        String longGarbage = "x".repeat(5000);
        String message = parser.parse(longGarbage, 1).error().message();
        assertTrue(message.length() < 400, message);
    }

    @Test
    void nonSuccessStatusWithoutErrorIsALineError() {
        BatchResultItem item = parser.parse("{\"custom_id\":\"d\",\"response\":{\"status_code\":500,\"body\":{\"detail\":\"boom\"}}}", 5);
        assertEquals(500, item.statusCode());
        assertEquals(OutputLineParser.HTTP_ERROR, item.error().code());
        assertTrue(item.error().message().contains("boom"));
    }

    @Test
    void anErrorWithoutCodeStillCarriesOne() {
        BatchResultItem item = parser.parse("{\"custom_id\":\"n\",\"response\":null,\"error\":{\"message\":\"boom\"}}", 1);

        assertEquals(new ResultError(OutputLineParser.UNSPECIFIED_ERROR, "boom"), item.error());
    }

    @Test
    void bytesParseAsTheSameLineAsText() {
        String unicode = line("u-1", "summarize", "{\"summary\":\"Ünïcödé – 東京 😀 \\\"quoted\\\"\",\"input_chars\":9,"
                + "\"output_chars\":7}");
        List<String> lines = List.of(SUMMARIZE_LINE, EXTRACT_LINE, CLASSIFY_LINE, ERROR_LINE, unicode,
                "<html>oops</html>", SUMMARIZE_LINE.substring(0, 40), "[1,2]", "null", line("b", "summarize", "not json"),
                line("c", "translate", "{}"), "{\"custom_id\":\"d\",\"response\":{\"status_code\":500,\"body\":{}}}");
        for (String text : lines) {
            byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
            int length = text.getBytes(StandardCharsets.UTF_8).length;
            assertEquals(parser.parse(text, 3), parser.parse(bytes, 2, length, 3), text);
        }
        assertEquals("Ünïcödé – 東京 😀 \"quoted\"",
                ((SummarizeResult) parser.parse(unicode.getBytes(StandardCharsets.UTF_8), 0,
                        unicode.getBytes(StandardCharsets.UTF_8).length, 1).content()).summary());
    }

    @Test
    void malformedUtf8BytesAreReadAsTheirDecodedText() {
        byte[] bytes = SUMMARIZE_LINE.replace("Short.", "Short?").getBytes(StandardCharsets.UTF_8);
        int at = SUMMARIZE_LINE.indexOf("Short.") + 5;
        bytes[at] = (byte) 0xC3; // a lead byte whose continuation is missing

        BatchResultItem item = parser.parse(bytes, 0, bytes.length, 4);

        assertEquals(parser.parse(new String(bytes, StandardCharsets.UTF_8), 4), item);
        assertEquals("Short\uFFFD", ((SummarizeResult) item.content()).summary());
    }

    @Test
    void blankBytesAreAnEmptyLine() {
        assertInvalid(parser.parse(new byte[] {' ', '\t'}, 0, 2, 6), null, "empty line, line 6");
    }

    private static void assertInvalid(BatchResultItem item, String customId, String mentions) {
        assertTrue(item.isError());
        assertEquals(OutputLineParser.INVALID_LINE, item.error().code());
        assertEquals(customId, item.customId());
        assertTrue(item.error().message().contains(mentions), item.error().message());
        assertNull(item.content());
    }
}
