package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * A tracker that survives a restart. Per batch, in {@code directory}, under a stem made of its submit key
 * ({@code =<key>}) or, for a batch without one (watched by id), of its batch id:
 * <ul>
 * <li>{@code <stem>.batch.json}: the batch's record: its {@link BatchState}, submit key and answer, and once tracked
 * the {@link TrackedBatch} fields; rewritten atomically on each change of state, status or poll failures. Its
 * presence is what makes the record exist: it is written last when the record is written and deleted first when it
 * goes.</li>
 * <li>{@code <stem>.items.jsonl}: the custom_ids in order, written with the intent, and rewritten with their
 * correlation headers when the batch is tracked, see {@link ItemsFile}; loaded only by {@link #items} and between
 * {@link #openCorrelations} and {@link #closeCorrelations}, so memory grows with the number of tracked batches, not
 * with their items.</li>
 * <li>{@code <id>.delivered}: a byte per submitted item, see {@link DeliveryFile}: one positional write per item.</li>
 * <li>{@code <id>.progress}: for a batch watched by id, the delivered-lines count, see {@link ProgressFile}.</li>
 * </ul>
 * A delivered batch keeps only its {@code .batch.json} (the key), until purged. A damaged file found at start-up is
 * reported with a WARN and its batch is kept (with what could be read); leftover temp files of an interrupted write are
 * removed.
 * <p>
 * One process owns a directory: {@link #start()} takes an OS lock on {@code tracker.lock} before it reads or sweeps
 * anything, and a second process (or a second tracker in this one) is refused there, naming the directory. Nothing
 * is read or written before start. Several nodes sharing the work need the JDBC tracker.
 */
public class FileBatchTracker extends ServiceSupport implements BatchTracker, SubmitIntents, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileBatchTracker.class);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    static final String OWNER_LOCK = "tracker.lock";

    private final Path directory;
    /** The tracked ({@link BatchState#SUBMITTED}) batches, by batch id. */
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Orders the writes of the records under submit keys: intent, answer, tracking, delivery, purge. */
    private final Object records = new Object();
    private DirectoryLock ownership;

    /** The in-memory state of one tracked batch; guarded by its own monitor. */
    private static final class Entry {
        final String stem;
        /** The submit side of the record, or null for a batch without a submit key. */
        final SubmitIntent intent;
        /** Replaced under the entry's monitor; read without it. */
        volatile TrackedBatch batch;
        DeliveryFile delivery;
        ProgressFile progress;
        Map<String, Map<String, Object>> openCorrelations;
        List<String> openRequestLines;

        Entry(String stem, TrackedBatch batch, SubmitIntent intent) {
            this.stem = stem;
            this.batch = batch;
            this.intent = intent;
        }
    }

    /** Reads nothing: {@link #start()} takes the directory and loads it. */
    public FileBatchTracker(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Takes the directory (its OS lock), sweeps the temp files of interrupted writes and loads the tracked batches.
     *
     * @throws IllegalStateException naming the directory, when another process or tracker owns it
     */
    @Override
    protected void doStart() {
        ownership = DirectoryLock.take(directory, OWNER_LOCK, "trackerDirectory");
        try {
            load();
        } catch (IOException | RuntimeException e) {
            ownership.close();
            ownership = null;
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot open the batch tracker directory " + directory, io)
                    : (RuntimeException) e;
        }
    }

    /** Releases the open files and the directory; the store stays readable by a new instance. */
    @Override
    protected void doStop() {
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                closeFiles(entry);
            }
        }
        entries.clear();
        if (ownership != null) {
            ownership.close();
            ownership = null;
        }
    }

    public Path getDirectory() {
        return directory;
    }

    // ------------------------------------------------------------------ BatchTracker

    @Override
    public void track(TrackedBatch batch, List<String> customIds, Map<String, Map<String, Object>> correlations) {
        track(BatchFileNames.stem(batch.batchId()), null, batch, customIds, correlations);
    }

    /**
     * The key's record is tracked in place: its items file is rewritten with the correlations, then its record file,
     * last, says {@code submitted}; a crash before leaves it answered, and the submit coming back tracks it then.
     */
    @Override
    public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        synchronized (records) {
            Optional<SubmitIntent> earlier = find(submitKey);
            if (earlier.isPresent() && earlier.get().tracked()) {
                return;
            }
            SubmitIntent intent = earlier.orElseGet(() -> SubmitIntent.before(submitKey, customIds.size()));
            try {
                track(keyStem(submitKey), intent.trackedAs(batch), batch, customIds, correlations);
            } catch (IllegalStateException sameBatchId) {
                recordTracked(submitKey); // the batch id is tracked under another record, with its items
            }
        }
    }

    private void track(String stem, SubmitIntent intent, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        List<String> ids = TrackedItems.checked(batch, customIds);
        Entry entry = new Entry(stem, batch, intent);
        if (entries.putIfAbsent(batch.batchId(), entry) != null) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
        synchronized (entry) {
            try {
                Files.deleteIfExists(file(stem, BatchFileNames.PROGRESS_SUFFIX));
                Files.deleteIfExists(file(stem, BatchFileNames.DELIVERED_SUFFIX));
                Path items = file(stem, BatchFileNames.ITEMS_SUFFIX);
                // the request lines the intent kept stay with their items
                List<String> requestLines = intent == null ? null : ItemsFile.readAll(items).requestLines();
                ItemsFile.write(items, ids, TrackedItems.storedCorrelations(correlations, TrackingJson::storable),
                        requestLines != null && requestLines.size() == ids.size() ? requestLines : null);
                writeMetadata(entry);
            } catch (IOException e) {
                entries.remove(batch.batchId());
                throw new UncheckedIOException("cannot track batch '" + batch.batchId() + "' in " + directory, e);
            }
        }
    }

    @Override
    public List<TrackedBatch> pending() {
        return TrackedItems.oldestFirst(entries.values().stream().map(entry -> entry.batch));
    }

    @Override
    public BatchItems items(String batchId) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return BatchItems.none();
        }
        synchronized (entry) {
            if (!entry.batch.hasSubmittedItems()) {
                return BatchItems.none();
            }
            try {
                ItemsFile.Content content = ItemsFile.readAll(file(entry.stem, BatchFileNames.ITEMS_SUFFIX));
                return new BatchItems(content.customIds(), DeliveryFile.read(
                        file(entry.stem, BatchFileNames.DELIVERED_SUFFIX), content.customIds().size()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the items of batch '" + batchId + "'", e);
            }
        }
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            TrackedItems.checkIndex(batchId, itemIndex, Math.max(entry.batch.totalCount(), 0));
            try {
                if (entry.delivery == null) {
                    entry.delivery = new DeliveryFile(file(entry.stem, BatchFileNames.DELIVERED_SUFFIX));
                }
                entry.delivery.markDelivered(itemIndex);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the delivery of item " + itemIndex + " of batch '"
                                               + batchId + "'", e);
            }
        }
    }

    @Override
    public void recordDeliveredLines(String batchId, long deliveredLines) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (deliveredLines <= entry.batch.deliveredLines()) {
                return;
            }
            try {
                if (entry.progress == null) {
                    entry.progress = new ProgressFile(file(entry.stem, BatchFileNames.PROGRESS_SUFFIX));
                }
                entry.progress.write(deliveredLines);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the progress of batch '" + batchId + "'", e);
            }
            entry.batch = entry.batch.withDeliveredLines(deliveredLines);
        }
    }

    @Override
    public void markStatus(String batchId, String status) {
        changeBatch(batchId, batch -> batch.withLastStatus(status));
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        changeBatch(batchId, batch -> batch.withPollFailures(pollFailures, nextPollAt));
    }

    /** Rewrites the record file when the change changes anything. */
    private void changeBatch(String batchId, java.util.function.UnaryOperator<TrackedBatch> change) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            TrackedBatch changed = change.apply(entry.batch);
            if (!changed.equals(entry.batch)) {
                entry.batch = changed;
                try {
                    writeMetadata(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot record the state of batch '" + batchId + "'", e);
                }
            }
        }
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return Map.of();
        }
        synchronized (entry) {
            if (entry.openCorrelations != null) {
                return entry.openCorrelations.getOrDefault(customId, Map.of());
            }
        }
        // not opened: scan the file for this one item rather than load the batch
        try {
            return ItemsFile.find(file(entry.stem, BatchFileNames.ITEMS_SUFFIX), customId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the correlations of batch '" + batchId + "'", e);
        }
    }

    @Override
    public void openCorrelations(String batchId) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (entry.openCorrelations != null) {
                return;
            }
            try {
                ItemsFile.Content content = ItemsFile.readAll(file(entry.stem, BatchFileNames.ITEMS_SUFFIX));
                entry.openCorrelations = content.correlations();
                entry.openRequestLines = content.requestLines();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the correlations of batch '" + batchId + "'", e);
            }
        }
    }

    @Override
    public void closeCorrelations(String batchId) {
        Entry entry = entries.get(batchId);
        if (entry != null) {
            synchronized (entry) {
                entry.openCorrelations = null;
                entry.openRequestLines = null;
            }
        }
    }

    /** From the items loaded by {@link #openCorrelations}, else read from the items file. */
    @Override
    public String requestLine(String batchId, int itemIndex) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return null;
        }
        List<String> lines;
        synchronized (entry) {
            lines = entry.openCorrelations != null ? entry.openRequestLines : null;
        }
        if (lines == null) {
            try {
                lines = ItemsFile.readAll(file(entry.stem, BatchFileNames.ITEMS_SUFFIX)).requestLines();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the items of batch '" + batchId + "'", e);
            }
        }
        return TrackedItems.at(lines, itemIndex);
    }

    /**
     * A record under a submit key is rewritten as the key only, then its other files go; one without goes whole. The
     * batch leaves {@link #pending()} once its files are done.
     */
    @Override
    public void complete(String batchId) {
        synchronized (records) {
            Entry entry = entries.get(batchId);
            if (entry == null) {
                return;
            }
            synchronized (entry) {
                closeFiles(entry);
                entry.openCorrelations = null;
                try {
                    if (entry.intent == null) {
                        deleteRecord(entry.stem);
                    } else {
                        writeRecord(entry.stem, entry.intent.keyOnly(), null);
                        deleteItems(entry.stem);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove batch '" + batchId + "' from " + directory, e);
                } finally {
                    entries.remove(batchId);
                }
            }
        }
    }

    /** Stops the tracker: see {@link #doStop()}. */
    @Override
    public void close() {
        stop();
    }

    private static void closeFiles(Entry entry) {
        for (Closeable file : new Closeable[] { entry.delivery, entry.progress }) {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    LOG.debug("Closing a file of batch {} failed", entry.batch.batchId(), e);
                }
            }
        }
        entry.delivery = null;
        entry.progress = null;
    }

    // ------------------------------------------------------------------ files

    private Path file(String stem, String suffix) {
        return directory.resolve(stem + suffix);
    }

    private void writeMetadata(Entry entry) throws IOException {
        writeRecord(entry.stem, entry.intent, entry.batch);
    }

    /** The record file: the submit side (when keyed) and the tracked batch's fields (when tracked). */
    private void writeRecord(String stem, SubmitIntent intent, TrackedBatch batch) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("state", intent == null ? BatchState.SUBMITTED.stored() : intent.state().stored());
        if (intent != null) {
            metadata.put("submit_key", intent.key());
            metadata.put("state_at", intent.recordedAt().toString());
            metadata.put("fingerprint", intent.fingerprint());
            metadata.put("item_count", intent.itemCount());
            if (intent.submission() != null) {
                metadata.put("answer_batch_id", intent.submission().batchId());
                metadata.put("answer_status", intent.submission().status());
            }
        }
        if (batch != null) {
            metadata.put("batch_id", batch.batchId());
            metadata.put("total_count", batch.totalCount());
            metadata.put("submitted_at", batch.submittedAt().toString());
            metadata.put("last_status", batch.lastStatus());
            metadata.put("poll_failures", batch.pollFailures());
            metadata.put("next_poll_at", batch.nextPollAt() == null ? null : batch.nextPollAt().toString());
            metadata.put("delivered_lines", batch.deliveredLines());
        }
        AtomicFiles.write(file(stem, BatchFileNames.METADATA_SUFFIX),
                out -> TrackingJson.MAPPER.writeValue(out, metadata));
    }

    private void deleteItems(String stem) throws IOException {
        Files.deleteIfExists(file(stem, BatchFileNames.PROGRESS_SUFFIX));
        Files.deleteIfExists(file(stem, BatchFileNames.DELIVERED_SUFFIX));
        Files.deleteIfExists(file(stem, BatchFileNames.ITEMS_SUFFIX));
    }

    /** The record file first: what is left after a crash is an orphan, never a record without its items. */
    private void deleteRecord(String stem) throws IOException {
        Files.deleteIfExists(file(stem, BatchFileNames.METADATA_SUFFIX));
        deleteItems(stem);
    }

    /** A submit key's stem: '=' appears in no batch id's stem. */
    private static String keyStem(String key) {
        return "=" + BatchFileNames.stem(key);
    }


    // ------------------------------------------------------------------ submit side

    @Override
    public SubmitIntents submitIntents() {
        return this;
    }

    @Override
    public void record(SubmitIntent intent, List<String> customIds, List<String> requestLines) {
        synchronized (records) {
            String stem = keyStem(intent.key());
            try {
                if (find(intent.key()).filter(earlier -> earlier.state() == BatchState.SUBMITTED).isPresent()) {
                    throw new IllegalStateException("submit key " + intent.key() + " is tracked");
                }
                deleteItems(stem);
                ItemsFile.write(file(stem, BatchFileNames.ITEMS_SUFFIX), customIds, Map.of(), requestLines);
                writeRecord(stem, intent, null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the submit intent of submit key " + intent.key()
                                               + " in " + directory + ": nothing was sent", e);
            }
        }
    }

    @Override
    public Optional<SubmitIntent> find(String key) {
        Path file = file(keyStem(key), BatchFileNames.METADATA_SUFFIX);
        try {
            return Optional.ofNullable(intentOf(TrackingJson.MAPPER.readValue(file.toFile(), MAP_TYPE)));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the submit intent " + file, e);
        }
    }

    @Override
    public List<String> customIds(String key) {
        try {
            return ItemsFile.readAll(file(keyStem(key), BatchFileNames.ITEMS_SUFFIX)).customIds();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the custom ids of submit intent " + key, e);
        }
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        changeRecord(key, BatchState.POSTING, intent -> intent.answered(fingerprint, submission), false);
    }

    @Override
    public void recordTracked(String key) {
        changeRecord(key, BatchState.ANSWERED, SubmitIntent::keyOnly, true);
    }

    private void changeRecord(String key, BatchState from, java.util.function.UnaryOperator<SubmitIntent> change,
            boolean dropItems) {
        synchronized (records) {
            Optional<SubmitIntent> intent = find(key).filter(earlier -> earlier.state() == from);
            if (intent.isEmpty()) {
                return;
            }
            try {
                writeRecord(keyStem(key), change.apply(intent.get()), null);
                if (dropItems) {
                    deleteItems(keyStem(key));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the state of submit key " + key + " in " + directory,
                        e);
            }
        }
    }

    @Override
    public void forget(String key) {
        synchronized (records) {
            if (find(key).filter(intent -> intent.state() == BatchState.POSTING).isPresent()) {
                try {
                    deleteRecord(keyStem(key));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot forget the submit intent of submit key " + key, e);
                }
            }
        }
    }

    /** By the record files' modification time (a record file is rewritten with each state); tracked ones stay. */
    @Override
    public void purge(Instant cutoff) {
        synchronized (records) {
            Set<String> tracked = new HashSet<>();
            entries.values().forEach(entry -> tracked.add(entry.stem));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "=*"
                                                                                   + BatchFileNames.METADATA_SUFFIX)) {
                for (Path file : files) {
                    String stem = BatchFileNames.stemOf(file.getFileName().toString());
                    if (!tracked.contains(stem) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        deleteRecord(stem);
                    }
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot purge the submit keys in " + directory, e);
            }
        }
    }

    private void load() throws IOException {
        Set<String> stems = new TreeSet<>();
        Set<String> withMetadata = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path path : files) {
                String name = path.getFileName().toString();
                if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    LOG.info("Removing {}: the temp file of a write that did not finish", path);
                    Files.deleteIfExists(path);
                    continue;
                }
                String stem = BatchFileNames.stemOf(name);
                if (stem != null) {
                    stems.add(stem);
                    if (name.endsWith(BatchFileNames.METADATA_SUFFIX)) {
                        withMetadata.add(stem);
                    }
                }
            }
        }
        for (String stem : stems) {
            if (withMetadata.contains(stem)) {
                SubmitIntent intent = readIntent(stem);
                if (intent == null || intent.state() == BatchState.SUBMITTED) {
                    TrackedBatch batch = loadBatch(stem);
                    entries.put(batch.batchId(), new Entry(stem, batch, intent));
                } else if (intent.state() == BatchState.DELIVERED) {
                    deleteItems(stem); // the process died while it delivered the batch
                }
            } else {
                LOG.warn("Files of batch {} in {} have no metadata file: left over from an interrupted track or "
                        + "complete, so the batch is not tracked; the files are left in place",
                        BatchFileNames.batchId(stem), directory);
            }
        }
        if (!entries.isEmpty()) {
            LOG.info("Tracking {} batch(es) restored from {}", entries.size(), directory);
        }
    }

    private TrackedBatch loadBatch(String stem) throws IOException {
        Path metadataFile = file(stem, BatchFileNames.METADATA_SUFFIX);
        Path itemsFile = file(stem, BatchFileNames.ITEMS_SUFFIX);
        ItemsFile.Content items = ItemsFile.readAll(itemsFile);
        if (items.damagedLines() > 0) {
            LOG.warn("Batch {}: {} damaged line(s) in {}; those items cannot be matched to output lines and are "
                    + "reported missing", BatchFileNames.batchId(stem), items.damagedLines(), itemsFile);
        }
        TrackedBatch batch;
        try {
            batch = parseMetadata(Files.readAllBytes(metadataFile));
        } catch (IOException | RuntimeException e) {
            int count = items.customIds().isEmpty() ? TrackedBatch.UNKNOWN_COUNT : items.customIds().size();
            LOG.warn("The metadata file {} is damaged ({}); keeping batch {} with the {} item(s) of its items file",
                    metadataFile, e.getMessage(), BatchFileNames.batchId(stem), items.customIds().size());
            batch = new TrackedBatch(BatchFileNames.batchId(stem), count,
                    Files.getLastModifiedTime(metadataFile).toInstant(), null, 0, null, 0);
        }
        if (batch.hasSubmittedItems() && batch.totalCount() != items.customIds().size()) {
            LOG.warn("Batch {} was submitted with {} item(s) but {} holds {}; the items file is used",
                    batch.batchId(), batch.totalCount(), itemsFile, items.customIds().size());
            batch = new TrackedBatch(batch.batchId(), items.customIds().size(), batch.submittedAt(),
                    batch.lastStatus(), batch.pollFailures(), batch.nextPollAt(), batch.deliveredLines());
        }
        Path progressFile = file(stem, BatchFileNames.PROGRESS_SUFFIX);
        OptionalLong progress = ProgressFile.read(progressFile);
        if (progress.isPresent()) {
            if (progress.getAsLong() > batch.deliveredLines()) {
                batch = batch.withDeliveredLines(progress.getAsLong());
            }
        } else if (Files.exists(progressFile)) {
            LOG.warn("The progress file {} is damaged; batch {} resumes from {} delivered line(s), so lines after "
                    + "that may be delivered again", progressFile, batch.batchId(), batch.deliveredLines());
        }
        return batch;
    }

    /** The submit side of the stem's record; null when it has no submit key, or is damaged (loadBatch reports it). */
    private SubmitIntent readIntent(String stem) {
        try {
            return intentOf(TrackingJson.MAPPER.readValue(file(stem, BatchFileNames.METADATA_SUFFIX).toFile(),
                    MAP_TYPE));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return null;
        } catch (IOException | RuntimeException damaged) {
            return null;
        }
    }

    private static SubmitIntent intentOf(Map<String, Object> json) {
        if (!(json.get("submit_key") instanceof String key)) {
            return null;
        }
        String batchId = (String) json.get("answer_batch_id");
        return new SubmitIntent(key, (String) json.get("fingerprint"), ((Number) json.get("item_count")).intValue(),
                Instant.parse((String) json.get("state_at")), batchId == null ? null
                        : new BatchSubmission(batchId, (String) json.get("answer_status"),
                                ((Number) json.get("item_count")).intValue()),
                BatchState.ofStored((String) json.get("state")));
    }

    private static TrackedBatch parseMetadata(byte[] json) throws IOException {
        Map<String, Object> map = TrackingJson.MAPPER.readValue(json, MAP_TYPE);
        String batchId = (String) map.get("batch_id");
        Number total = (Number) map.get("total_count");
        String submittedAt = (String) map.get("submitted_at");
        Number failures = (Number) map.get("poll_failures");
        String nextPollAt = (String) map.get("next_poll_at");
        Number lines = (Number) map.get("delivered_lines");
        return new TrackedBatch(batchId, total == null ? TrackedBatch.UNKNOWN_COUNT : total.intValue(),
                submittedAt == null ? Instant.EPOCH : Instant.parse(submittedAt), (String) map.get("last_status"),
                failures == null ? 0 : failures.intValue(), nextPollAt == null ? null : Instant.parse(nextPollAt),
                lines == null ? 0 : lines.longValue());
    }
}
