package xyz.scaledown.camel.client;

import xyz.scaledown.camel.ScaleDownException;
import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

import xyz.scaledown.camel.model.BatchResultItem;
import xyz.scaledown.camel.model.ResultError;

/**
 * A {@link BatchOutput} reading ahead one line at a time from the response stream. Lines are cut and parsed as
 * bytes ({@link OutputLines}); a line becomes a String only when {@link #lastLine()} asks for it.
 */
final class StreamingBatchOutput implements BatchOutput {

    private final ClassicHttpResponse response;
    private final OutputLines lines;
    private final OutputLineParser parser;
    private final String batchId;
    private final UnaryOperator<String> keyMask;
    private long physicalLine;
    private long handedOut;
    private BatchResultItem next;
    private String lastLine;
    private boolean finished;

    StreamingBatchOutput(ClassicHttpResponse response, OutputLineParser parser, String batchId,
                         UnaryOperator<String> keyMask) throws IOException {
        this.response = response;
        this.keyMask = keyMask;
        this.parser = parser;
        this.batchId = batchId;
        HttpEntity entity = response.getEntity();
        InputStream content = entity == null ? null : entity.getContent();
        this.lines = new OutputLines(content == null ? InputStream.nullInputStream() : content);
    }

    /**
     * Reads up to the first result line. Called while the request may still be retried, so I/O errors are thrown
     * as they are.
     */
    void readFirst() throws IOException {
        advance();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            try {
                advance();
            } catch (IOException e) {
                close();
                throw new ScaleDownException("output", 0, null, "ScaleDown output for batch '" + batchId
                        + "' broke after " + handedOut + " lines: " + e.getClass().getSimpleName() + ": "
                        + keyMask.apply(e.getMessage()) + "; read the output again from its first line", e, true);
            }
        }
        return next != null;
    }

    @Override
    public BatchResultItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more result lines for batch '" + batchId + "'");
        }
        BatchResultItem item = next;
        lines.keepCurrent();
        lastLine = null;
        next = null;
        handedOut++;
        return item;
    }

    @Override
    public long linesRead() {
        return handedOut;
    }

    @Override
    public String lastLine() {
        if (lastLine == null && handedOut > 0) {
            lastLine = lines.keptText();
        }
        return lastLine;
    }

    @Override
    public void close() {
        finished = true;
        next = null;
        try {
            // closing the response without draining it drops the connection instead of reading a large rest
            response.close();
        } catch (IOException e) {
            // the connection is discarded either way
        }
    }

    private void advance() throws IOException {
        do {
            if (!lines.readLine()) {
                close();
                return;
            }
            physicalLine++;
        } while (lines.isBlank());
        next = masked(parser.parse(lines.buffer(), lines.start(), lines.length(), physicalLine));
    }

    /** An unreadable line's item quotes the line: the key is masked there should the API have echoed it. */
    private BatchResultItem masked(BatchResultItem item) {
        if (item.isError() && OutputLineParser.INVALID_LINE.equals(item.error().code())) {
            return new BatchResultItem(item.customId(), item.model(), item.statusCode(), item.content(),
                    new ResultError(item.error().code(), keyMask.apply(item.error().message())));
        }
        return item;
    }
}
