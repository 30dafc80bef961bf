package xyz.scaledown.camel.client;

import xyz.scaledown.camel.ScaleDownException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingBatchOutputTest {

    @Test
    void aBreakMidStreamIsRaisedFromTheIteratorAndReleasesTheConnection() throws IOException {
        BrokenAfter stream = new BrokenAfter(OutputLineParserTest.SUMMARIZE_LINE + "\n");
        StreamingBatchOutput output = open(stream);

        output.readFirst();
        assertEquals("s-1", output.next().customId());
        ScaleDownException e = assertThrows(ScaleDownException.class, output::hasNext);

        assertEquals("output", e.getOperation());
        assertEquals(0, e.getStatusCode());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("batch 'b-1'") && e.getMessage().contains("after 1 lines"), e.getMessage());
        assertTrue(stream.closed, "the response stream was closed");
        assertFalse(output.hasNext());
    }

    @Test
    void aBreakMidStreamMasksTheKeyInTheMessage() throws IOException {
        BrokenAfter stream = new BrokenAfter(OutputLineParserTest.SUMMARIZE_LINE + "\n");
        StreamingBatchOutput output = new StreamingBatchOutput(response(stream), new OutputLineParser(), "b-1",
                text -> text.replace("reset", "******"));
        output.readFirst();
        output.next();
        ScaleDownException e = assertThrows(ScaleDownException.class, output::hasNext);
        assertTrue(e.getMessage().contains("Connection ******"), e.getMessage());
    }

    @Test
    void theRawLineOfTheLastItemIsKept() throws IOException {
        StreamingBatchOutput output = open(new ByteArrayInputStream(
                (OutputLineParserTest.SUMMARIZE_LINE + "\n\nnot json\n").getBytes(StandardCharsets.UTF_8)));
        output.readFirst();
        output.next();
        assertEquals(OutputLineParserTest.SUMMARIZE_LINE, output.lastLine());
        output.next();
        assertEquals("not json", output.lastLine());
    }

    @Test
    void theLastLineIsStillTheOneHandedOutAfterReadingAheadPastTheBuffer() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            body.append(OutputLineParserTest.line("s-" + i, "summarize",
                    "{\"summary\":\"" + "x".repeat(i) + "\",\"input_chars\":1,\"output_chars\":1}")).append("\r\n");
        }
        StreamingBatchOutput output = open(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
        output.readFirst();
        int read = 0;
        while (output.hasNext()) {
            String customId = output.next().customId();
            output.hasNext(); // reads the next line ahead, possibly refilling the buffer
            assertTrue(output.lastLine().startsWith("{\"custom_id\":\"" + customId + "\""), output.lastLine());
            read++;
        }
        assertEquals(400, read);
    }

    @Test
    void anUnreadableLineNamesItsPhysicalLineCountingBlankLines() throws IOException {
        StreamingBatchOutput output = open(new ByteArrayInputStream((OutputLineParserTest.SUMMARIZE_LINE
                + "\r\n \r\n\r\nnot json\r\n").getBytes(StandardCharsets.UTF_8)));
        output.readFirst();
        output.next();
        String message = output.next().error().message();
        assertTrue(message.contains("line 4: 'not json'"), message);
        assertEquals(2, output.linesRead());
    }

    @Test
    void aBreakBeforeTheFirstLineIsThrownAsIoExceptionSoTheCallCanBeRetried() throws IOException {
        StreamingBatchOutput output = open(new BrokenAfter(""));
        assertThrows(IOException.class, output::readFirst);
    }

    @Test
    void endOfStreamClosesAndNextThrowsNoSuchElement() throws IOException {
        ByteArrayInputStream body = new ByteArrayInputStream(
                (OutputLineParserTest.SUMMARIZE_LINE + "\n\n").getBytes(StandardCharsets.UTF_8));
        StreamingBatchOutput output = open(body);
        output.readFirst();
        assertTrue(output.hasNext());
        output.next();
        assertFalse(output.hasNext());
        assertEquals(1, output.linesRead());
        assertThrows(NoSuchElementException.class, output::next);
    }

    private static StreamingBatchOutput open(InputStream body) throws IOException {
        return new StreamingBatchOutput(response(body), new OutputLineParser(), "b-1", text -> text);
    }

    private static BasicClassicHttpResponse response(InputStream body) {
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(200);
        response.setEntity(new InputStreamEntity(body, ContentType.create("application/jsonl")));
        return response;
    }

    /** Serves the given text, then fails as a dropped connection would. */
    private static final class BrokenAfter extends SequenceInputStream {
        boolean closed;

        BrokenAfter(String text) {
            super(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("Connection reset");
                }
            });
        }

        @Override
        public void close() throws IOException {
            closed = true;
        }
    }
}
