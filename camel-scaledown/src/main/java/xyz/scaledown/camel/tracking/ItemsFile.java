package xyz.scaledown.camel.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.aggregation.StoredItem;

/**
 * One batch's items, in the order they were added, one line each, written once and never rewritten: appended per
 * {@code add} by the aggregation repository, or written whole with a submit's intent or a batch tracked by id.
 * <ul>
 * <li>{@code {...}}: an item with its request line, as submit sends it (custom_id first);</li>
 * <li>{@code "<custom_id>"}: an item kept without its request line;</li>
 * <li>{@code @{...}}: the correlation headers of the item after it (with its model, as submit tracks them), or
 * {@code @<n>{...}}: of item {@code n}, appended when a batch submitted from heap is tracked;</li>
 * <li>{@code #<n>}: a commit mark, {@code n} items so far: each write ends with one, so what a crash cut short
 * follows the last one and is cut off at start ({@link #cutTornTail}).</li>
 * </ul>
 */
final class ItemsFile {

    /** Stands for the custom_id of a damaged line, so the lines after it keep their index. */
    private static final String DAMAGED_PREFIX = "\u0000damaged line ";

    private static final Logger LOG = LoggerFactory.getLogger(ItemsFile.class);

    private ItemsFile() {
    }

    /** Every item: custom_ids in order, the headers of those that have any, the request lines (null if none kept). */
    record Content(List<String> customIds, Map<String, Map<String, Object>> correlations, List<String> requestLines,
            int damagedLines) {
    }

    /** Receives an item: its request line (with its newline) or null, its headers as JSON or null. */
    interface ItemVisitor {
        void item(String customId, byte[] requestLine, String headersJson) throws IOException;
    }

    /** The committed items and the bytes of their request lines. */
    record Totals(int items, long bytes) {
    }

    /** Receives a line of bytes with its newline. */
    interface LineSink {
        void line(byte[] buffer, int offset, int length) throws IOException;
    }

    /** The items' lines and the commit mark after them ({@code total} items with them), as one write. */
    static byte[] encode(List<StoredItem> items, int total) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 512 + 16);
        for (StoredItem item : items) {
            String headers = item.trackedCorrelationJson();
            if (headers != null) {
                out.write(('@' + headers + '\n').getBytes(StandardCharsets.UTF_8));
            }
            out.write(item.requestLine() != null ? item.requestLine()
                    : (TrackingJson.MAPPER.writeValueAsString(item.customId()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("#" + total + "\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Writes a whole batch atomically; {@code requestLines} (without newlines) may be null. */
    static void write(Path path, List<String> customIds, List<String> requestLines,
            Map<String, Map<String, Object>> correlations) throws IOException {
        List<StoredItem> items = new ArrayList<>(customIds.size());
        for (int i = 0; i < customIds.size(); i++) {
            String id = customIds.get(i);
            items.add(new StoredItem(id, requestLines == null ? null
                    : (requestLines.get(i) + "\n").getBytes(StandardCharsets.UTF_8),
                    TrackingJson.json(correlations.get(id)), null));
        }
        AtomicFiles.write(path, encode(items, items.size()));
    }

    /**
     * Appends headers to the items, by position ({@code @<index>{...}}), and forces them to disk: what tracking adds
     * to the items of a submit's intent, whose custom_ids are not written again.
     */
    static void appendHeaders(Path path, List<String> customIds, Map<String, Map<String, Object>> correlations)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < customIds.size(); i++) {
            String headers = TrackingJson.json(correlations.get(customIds.get(i)));
            if (headers != null) {
                lines.append('@').append(i).append(headers).append('\n');
            }
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            AtomicFiles.writeFully(channel, lines.toString().getBytes(StandardCharsets.UTF_8));
            channel.force(false);
        }
    }

    /**
     * Visits every item in order; a damaged line keeps its place with a placeholder id. Nothing when missing.
     *
     * @return the headers appended by position, as they are stored ({@code <n>{...}})
     */
    static List<String> forEachItem(Path path, ItemVisitor visitor) throws IOException {
        String[] headers = new String[1];
        int[] index = new int[1];
        List<String> byPosition = new ArrayList<>();
        forEachLine(path, (buffer, offset, length) -> {
            byte kind = buffer[offset];
            String at = kind == '@' ? new String(buffer, offset + 1, length - 2, StandardCharsets.UTF_8) : null;
            int brace = at == null ? -1 : at.indexOf('{');
            if (brace == 0) {
                headers[0] = at;
            } else if (brace > 0) {
                byPosition.add(at);
            } else if (kind != '#' && kind != '@' && kind != '\n') {
                byte[] line = Arrays.copyOfRange(buffer, offset, offset + length);
                String customId = customIdOf(line);
                visitor.item(customId != null ? customId : DAMAGED_PREFIX + index[0], kind == '{' ? line : null,
                        headers[0]);
                headers[0] = null;
                index[0]++;
            }
        });
        return byPosition;
    }

    /** Every item of the file, loaded; empty when it is missing. */
    static Content readAll(Path path) throws IOException {
        List<String> customIds = new ArrayList<>();
        Map<String, Map<String, Object>> correlations = new HashMap<>();
        List<String> requestLines = new ArrayList<>();
        boolean[] kept = new boolean[1];
        List<String> byPosition = forEachItem(path, (customId, line, headers) -> {
            customIds.add(customId);
            requestLines.add(line == null ? null : new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
            kept[0] |= line != null;
            if (headers != null) {
                correlations.put(customId, headers(headers));
            }
        });
        for (String appended : byPosition) {
            int brace = appended.indexOf('{');
            int index = Integer.parseInt(appended.substring(0, brace));
            if (index < customIds.size()) {
                correlations.put(customIds.get(index), headers(appended.substring(brace)));
            }
        }
        int damaged = (int) customIds.stream().filter(id -> id.startsWith(DAMAGED_PREFIX)).count();
        return new Content(customIds, correlations, kept[0] ? requestLines : null, damaged);
    }

    private static Map<String, Object> headers(String json) {
        return Map.copyOf(TrackingJson.headers(json));
    }

    /** Counts the committed items and cuts off anything written after the last commit mark (a crash mid-add). */
    static Totals cutTornTail(Path path) throws IOException {
        var scan = new Object() {
            int items;
            long bytes;
            long length;
            Totals committed = new Totals(0, 0);
            long committedLength;
        };
        forEachLine(path, (buffer, offset, length) -> {
            scan.length += length;
            if (buffer[offset] == '#') {
                scan.committed = new Totals(scan.items, scan.bytes);
                scan.committedLength = scan.length;
            } else if (buffer[offset] != '@') {
                scan.items++;
                scan.bytes += length;
            }
        });
        if (Files.exists(path) && scan.committedLength < Files.size(path)) {
            LOG.warn("{}: cut {} byte(s) an interrupted append left at the end; the exchange that brought"
                    + " them was not acknowledged", path, Files.size(path) - scan.committedLength);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(scan.committedLength);
            }
        }
        return scan.committed;
    }

    /** Hands out every complete line with its newline (a last line without one is left out); nothing when missing. */
    static void forEachLine(Path path, LineSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[64 * 1024];
            int start = 0;
            int end = 0;
            while (true) {
                int newline = start;
                while (newline < end && buffer[newline] != '\n') {
                    newline++;
                }
                if (newline < end) {
                    sink.line(buffer, start, newline + 1 - start);
                    start = newline + 1;
                    continue;
                }
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
                if (end == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    return;
                }
                end += read;
            }
        } catch (NoSuchFileException e) {
            // no file, no items
        }
    }

    /** The custom_id of an item line: the request line's first custom_id field, or the quoted id; null if damaged. */
    private static String customIdOf(byte[] line) {
        try (JsonParser parser = TrackingJson.MAPPER.getFactory().createParser(line)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            while (first == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME) {
                if ("custom_id".equals(parser.currentName())) {
                    return parser.nextTextValue();
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
