package xyz.scaledown.camel.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputLinesTest {

    @Test
    void linesEndAsBufferedReaderEndsThem() throws IOException {
        String text = "a\nbb\r\nccc\rdd\r\r\nlast";

        assertEquals(List.of("a", "bb", "ccc", "dd", "", "last"), readAll(new OutputLines(stream(text, 64))));
        assertEquals(text.lines().toList(), readAll(new OutputLines(stream(text, 1))),
                "a CR and its LF split across reads are one line break");
    }

    @Test
    void aFinalLineBreakAddsNoEmptyLine() throws IOException {
        assertEquals(List.of("x", "y"), readAll(new OutputLines(stream("x\ny\n", 3))));
        assertEquals(List.of(), readAll(new OutputLines(stream("", 3))));
    }

    @Test
    void linesLongerThanTheBufferAreWhole() throws IOException {
        String longLine = "é".repeat(150_000); // 300,000 bytes, several times the buffer
        assertEquals(List.of("short", longLine, "end"),
                readAll(new OutputLines(stream("short\n" + longLine + "\nend\n", 8192))));
    }

    @Test
    void theKeptLineStaysReadableWhileLaterLinesAreRead() throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String line = "line " + i + " " + "ü".repeat(i % 50);
            lines.add(line);
            text.append(line).append('\n').append(i % 7 == 0 ? "\n\n" : "");
        }
        OutputLines reader = new OutputLines(stream(text.toString(), 1000));
        int index = 0;
        String kept = null;
        while (reader.readLine()) {
            assertEquals(kept, kept == null ? null : reader.keptText(), "the kept line after reading on");
            if (reader.length() > 0) {
                reader.keepCurrent();
                kept = lines.get(index++);
                assertEquals(kept, reader.keptText());
            }
        }
        assertEquals(lines.size(), index);
    }

    @Test
    void aLongRunOfLinesPastTheKeptOneDoesNotGrowTheBuffer() throws IOException {
        String text = "{\"kept\":true}\n" + " \n".repeat(1_000_000) + "last\n";
        OutputLines reader = new OutputLines(stream(text, 8192));
        assertTrue(reader.readLine());
        reader.keepCurrent();
        int lines = 1;
        while (reader.readLine()) {
            lines++;
        }

        assertEquals(1_000_002, lines);
        assertEquals("{\"kept\":true}", reader.keptText());
        assertTrue(reader.buffer().length <= 64 * 1024, "buffer grew to " + reader.buffer().length);
    }

    @Test
    void blankIsWhitespaceOnlyAsStringIsBlankTellsIt() throws IOException {
        OutputLines reader = new OutputLines(stream(" \t\f\n\u2003 \n\u00a0\n {}\n\n", 64));
        List<Boolean> blank = new ArrayList<>();
        while (reader.readLine()) {
            blank.add(reader.isBlank());
        }
        // U+2003 (em space) is whitespace, U+00A0 (no-break space) is not
        assertEquals(List.of(true, true, false, false, true), blank);
    }

    private static List<String> readAll(OutputLines reader) throws IOException {
        List<String> lines = new ArrayList<>();
        while (reader.readLine()) {
            lines.add(new String(reader.buffer(), reader.start(), reader.length(), StandardCharsets.UTF_8));
        }
        assertFalse(reader.readLine(), "the end stays the end");
        return lines;
    }

    /** Serves the text in reads of at most {@code chunk} bytes, as a socket may. */
    private static InputStream stream(String text, int chunk) {
        assertTrue(chunk > 0);
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
