package xyz.scaledown.camel.aggregation;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.tracking.AtomicFiles;
import xyz.scaledown.camel.tracking.BatchFileNames;
import xyz.scaledown.camel.tracking.DirectoryLock;
import xyz.scaledown.camel.tracking.TrackingJson;

/**
 * Keeps each batch in two files of one directory:
 * <ul>
 * <li>{@code <exchange>.open} (renamed to {@code .completed} when the batch completes): exchange id, correlation key
 * and envelope, written once, atomically.</li>
 * <li>{@code <exchange>.items}: append-only. Each {@code add} writes, in one write, the request line of each new item
 * (followed by {@code @{"custom_id":..,"headers":..}} when it has correlation headers) and a commit mark
 * {@code #<total items>}. A write cut short by a crash ends after the last mark; it is cut off at start.</li>
 * </ul>
 */
final class FileAggregationStore implements AggregationStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileAggregationStore.class);
    private static final String OPEN = ".open";
    private static final String COMPLETED = ".completed";
    private static final String ITEMS = ".items";
    private static final JsonFactory JSON = new JsonFactory();
    private static final String OWNER_LOCK = "aggregation.lock";

    private final Path directory;
    private final boolean sync;
    private final Map<String, FileChannel> appenders = new ConcurrentHashMap<>();
    private DirectoryLock ownership;

    FileAggregationStore(Path directory, boolean sync) {
        this.directory = directory;
        this.sync = sync;
    }

    /**
     * Takes the directory (its OS lock) before reading anything, then sweeps what a dead owner left half-written.
     *
     * @throws IllegalStateException naming the directory, when another process or repository owns it
     */
    @Override
    public void start() throws IOException {
        ownership = DirectoryLock.take(directory, OWNER_LOCK, "FileScaleDownAggregationRepository directory");
        try {
            sweepOrphans();
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        appenders.keySet().forEach(this::closeAppender);
        if (ownership != null) {
            ownership.close();
            ownership = null;
        }
    }

    /**
     * Temp files of an interrupted header write, and items files whose batch never got its header (the process died
     * between the two writes of {@link #create}: the add was not acknowledged).
     */
    private void sweepOrphans() throws IOException {
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    orphans.add(file);
                } else if (name.endsWith(ITEMS)) {
                    String stem = name.substring(0, name.length() - ITEMS.length());
                    if (!Files.exists(directory.resolve(stem + OPEN)) && !Files.exists(directory.resolve(stem + COMPLETED))) {
                        orphans.add(file);
                    }
                }
            }
        }
        for (Path orphan : orphans) {
            LOG.info("Removing {}: left over from a write that did not finish", orphan);
            Files.deleteIfExists(orphan);
        }
    }

    @Override
    public List<StoredGroup> openGroups() {
        List<StoredGroup> groups = new ArrayList<>();
        for (Path header : headers(OPEN)) {
            Map<String, String> fields = readHeader(header);
            String exchangeId = fields.get("exchange_id");
            if (Files.exists(header(exchangeId, COMPLETED))) {
                deleteQuietly(header);
                continue;
            }
            Totals totals = cutTornTail(items(exchangeId));
            groups.add(new StoredGroup(exchangeId, fields.get("key"), Base64.getDecoder().decode(fields.get("envelope")),
                    totals.items, totals.bytes));
        }
        return groups;
    }

    @Override
    public void forEachCustomId(String exchangeId, IdVisitor visitor) {
        try {
            forEachRecord(exchangeId, line -> visitor.visit(customIdOf(line)), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the items of batch " + exchangeId + " in " + directory, e);
        }
    }

    @Override
    public synchronized void create(StoredGroup group, List<StoredItem> firstItems) {
        String exchangeId = group.exchangeId();
        try {
            Files.deleteIfExists(items(exchangeId));
            write(exchangeId, 0, firstItems);
            writeHeader(exchangeId, group.key(), group.envelope(), OPEN);
        } catch (IOException e) {
            closeAppender(exchangeId);
            throw new UncheckedIOException("cannot store a new batch in " + directory, e);
        }
    }

    @Override
    public void append(String exchangeId, int firstPosition, List<StoredItem> items) {
        try {
            write(exchangeId, firstPosition, items);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append " + items.size() + " item(s) to batch " + exchangeId + " in "
                    + directory, e);
        }
    }

    private void write(String exchangeId, int firstPosition, List<StoredItem> items) throws IOException {
        ByteArrayOutputStream record = new ByteArrayOutputStream(items.size() * 512);
        for (StoredItem item : items) {
            record.write(item.requestLine());
            if (item.correlationJson() != null) {
                record.write('@');
                record.write(("{\"custom_id\":" + TrackingJson.MAPPER.writeValueAsString(item.customId())
                        + ",\"headers\":" + item.correlationJson() + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        record.write(("#" + (firstPosition + items.size()) + "\n").getBytes(StandardCharsets.US_ASCII));
        FileChannel channel = appenders.computeIfAbsent(exchangeId, this::openAppender);
        synchronized (channel) {
            ByteBuffer buffer = ByteBuffer.wrap(record.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (sync) {
                channel.force(false);
            }
        }
    }

    @Override
    public boolean containsCustomId(String exchangeId, String customId) {
        boolean[] found = new boolean[1];
        forEachCustomId(exchangeId, id -> found[0] |= id.equals(customId));
        return found[0];
    }

    @Override
    public synchronized void complete(String exchangeId, byte[] envelope) {
        closeAppender(exchangeId);
        try {
            Map<String, String> fields = readHeader(header(exchangeId, OPEN));
            writeHeader(exchangeId, fields.get("key"), envelope, COMPLETED);
            // a crash before this delete leaves both headers: the completed one wins at start
            Files.delete(header(exchangeId, OPEN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark batch " + exchangeId + " completed in " + directory, e);
        }
    }

    @Override
    public synchronized void delete(String exchangeId) {
        try {
            // the header first: without it the batch is neither open nor recoverable
            Files.deleteIfExists(header(exchangeId, COMPLETED));
            Files.deleteIfExists(items(exchangeId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete batch " + exchangeId + " from " + directory, e);
        }
    }

    @Override
    public Set<String> completedIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Path header : headers(COMPLETED)) {
            Map<String, String> fields = readHeaderIfPresent(header);
            if (fields != null) {
                ids.add(fields.get("exchange_id"));
            }
        }
        return ids;
    }

    @Override
    public StoredGroup completed(String exchangeId) {
        Map<String, String> fields = readHeaderIfPresent(header(exchangeId, COMPLETED));
        if (fields == null) {
            return null;
        }
        int[] count = new int[1];
        long[] bytes = new long[1];
        try {
            forEachRecord(exchangeId, line -> {
                count[0]++;
                bytes[0] += line.length;
            }, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch " + exchangeId + " in " + directory, e);
        }
        return new StoredGroup(exchangeId, fields.get("key"), Base64.getDecoder().decode(fields.get("envelope")),
                count[0], bytes[0]);
    }

    @Override
    public void forEachLine(String exchangeId, LineVisitor visitor) throws IOException {
        forEachRecord(exchangeId, visitor, null);
    }

    @Override
    public void forEachCorrelation(String exchangeId, CorrelationVisitor visitor) {
        try {
            forEachRecord(exchangeId, null, correlation -> {
                Map<?, ?> record = TrackingJson.MAPPER.readValue(correlation, Map.class);
                visitor.visit((String) record.get("custom_id"),
                        TrackingJson.MAPPER.writeValueAsString(record.get("headers")));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the correlations of batch " + exchangeId, e);
        }
    }

    // ------------------------------------------------------------------ files

    /** Reads the items file: request lines to {@code lines}, correlation records (without the '@') to the other. */
    private void forEachRecord(String exchangeId, LineVisitor lines, LineVisitor correlations) throws IOException {
        try (InputStream in = Files.newInputStream(items(exchangeId))) {
            LineReader.forEachLine(in, (buffer, offset, length) -> {
                if (buffer[offset] == '{' && lines != null) {
                    lines.visit(Arrays.copyOfRange(buffer, offset, offset + length));
                } else if (buffer[offset] == '@' && correlations != null) {
                    correlations.visit(Arrays.copyOfRange(buffer, offset + 1, offset + length));
                }
            });
        } catch (NoSuchFileException e) {
            // a batch whose items file is gone holds no items
        }
    }

    /** Counts the committed items and cuts off anything written after the last commit mark. */
    private Totals cutTornTail(Path itemsFile) {
        if (!Files.exists(itemsFile)) {
            return new Totals();
        }
        Totals committed = new Totals();
        Totals uncommitted = new Totals();
        try (InputStream in = Files.newInputStream(itemsFile)) {
            LineReader.forEachLine(in, (buffer, offset, length) -> {
                uncommitted.length += length;
                if (buffer[offset] == '{') {
                    uncommitted.items++;
                    uncommitted.bytes += length;
                } else if (buffer[offset] == '#') {
                    committed.items += uncommitted.items;
                    committed.bytes += uncommitted.bytes;
                    committed.length += uncommitted.length;
                    uncommitted.items = 0;
                    uncommitted.bytes = 0;
                    uncommitted.length = 0;
                }
            });
            long size = Files.size(itemsFile);
            if (committed.length < size) {
                LOG.warn("{}: cut {} byte(s) an interrupted append left at the end; the exchange that brought them "
                        + "was not acknowledged", itemsFile, size - committed.length);
                try (FileChannel channel = FileChannel.open(itemsFile, StandardOpenOption.WRITE)) {
                    channel.truncate(committed.length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + itemsFile, e);
        }
        return committed;
    }

    /** Items, their request line bytes, and the file length they span. */
    private static final class Totals {
        int items;
        long bytes;
        long length;
    }

    private static String customIdOf(byte[] requestLine) throws IOException {
        // the request writer puts custom_id first
        try (JsonParser parser = JSON.createParser(requestLine)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "custom_id".equals(parser.currentName())) {
                    return parser.nextTextValue();
                }
            }
        }
        throw new IOException("a stored request line has no custom_id");
    }

    private FileChannel openAppender(String exchangeId) {
        try {
            return FileChannel.open(items(exchangeId), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the items of batch " + exchangeId + " in " + directory, e);
        }
    }

    private void closeAppender(String exchangeId) {
        FileChannel channel = appenders.remove(exchangeId);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing the items file of batch {} failed", exchangeId, e);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    private List<Path> headers(String suffix) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + suffix)) {
            files.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return found;
    }

    private void writeHeader(String exchangeId, String key, byte[] envelope, String suffix) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("exchange_id", exchangeId);
        fields.put("key", key);
        fields.put("envelope", Base64.getEncoder().encodeToString(envelope));
        AtomicFiles.write(header(exchangeId, suffix), out -> TrackingJson.MAPPER.writeValue(out, fields));
    }

    /** The header's fields, or null when it is gone (confirmed meanwhile). */
    private static Map<String, String> readHeaderIfPresent(Path header) {
        try {
            return readHeader(header);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException || e.getCause() instanceof FileNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private static Map<String, String> readHeader(Path header) {
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            TrackingJson.MAPPER.readTree(header.toFile()).fields()
                    .forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + header, e);
        }
    }

    private Path header(String exchangeId, String suffix) {
        return directory.resolve(BatchFileNames.stem(exchangeId) + suffix);
    }

    private Path items(String exchangeId) {
        return directory.resolve(BatchFileNames.stem(exchangeId) + ITEMS);
    }

    @Override
    public String toString() {
        return "file:" + directory;
    }
}
