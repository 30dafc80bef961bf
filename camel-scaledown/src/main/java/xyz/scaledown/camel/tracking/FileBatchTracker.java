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
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracker that survives a restart. Per batch, in {@code directory}:
 * <ul>
 * <li>{@code <id>.batch.json}: the {@link TrackedBatch} fields, rewritten atomically on track and on a change of
 * status or poll failures. Its presence is what makes a batch tracked: it is written last by {@link #track} and
 * deleted first by {@link #complete}.</li>
 * <li>{@code <id>.items.jsonl}: the submitted custom_ids in order with their correlation headers, see
 * {@link ItemsFile}: written once (atomically) at track time and loaded only by {@link #items} and between
 * {@link #openCorrelations} and {@link #closeCorrelations}, so memory grows with the number of tracked batches, not
 * with their items.</li>
 * <li>{@code <id>.delivered}: a byte per submitted item, see {@link DeliveryFile}: one positional write per item.</li>
 * <li>{@code <id>.progress}: for a batch watched by id, the delivered-lines count, see {@link ProgressFile}.</li>
 * </ul>
 * A damaged file found at start-up is reported with a WARN and its batch is kept (with what could be read); leftover
 * temp files of an interrupted write are removed.
 * <p>
 * One process owns a directory: {@link #start()} takes an OS lock on {@code tracker.lock} before it reads or sweeps
 * anything, and a second process (or a second tracker in this one) is refused there, naming the directory. Nothing
 * is read or written before start. Several nodes sharing the work need the JDBC tracker.
 */
public class FileBatchTracker extends ServiceSupport implements BatchTracker, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileBatchTracker.class);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    static final String OWNER_LOCK = "tracker.lock";

    private final Path directory;
    private final SubmitIntents submitIntents;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /**
     * Orders a scan for batches tracked by other processes with {@link #complete}, so a batch is never picked up again
     * between its entry's removal and its files' deletion.
     */
    private final Object scanLock = new Object();
    private DirectoryLock ownership;

    /** The in-memory state of one tracked batch; guarded by its own monitor. */
    private static final class Entry {
        final String stem;
        /** The submit key the batch was tracked under, or null; kept in its metadata file. */
        final String submitKey;
        /** Replaced under the entry's monitor; read without it. */
        volatile TrackedBatch batch;
        DeliveryFile delivery;
        ProgressFile progress;
        Map<String, Map<String, Object>> openCorrelations;

        Entry(String stem, TrackedBatch batch) {
            this(stem, batch, null);
        }

        Entry(String stem, TrackedBatch batch, String submitKey) {
            this.stem = stem;
            this.batch = batch;
            this.submitKey = submitKey;
        }
    }

    /** Reads nothing: {@link #start()} takes the directory and loads it. */
    public FileBatchTracker(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.submitIntents = new FileSubmitIntents(directory);
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
            ((FileSubmitIntents) submitIntents).sweep();
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
        track(null, batch, customIds, correlations);
    }

    /**
     * The submit key goes into the batch's metadata file, written last: from then on the batch counts as tracked
     * under the key even if recording the intent fails or the process dies first. Start and {@link #complete} record
     * the intent from it, so the batch is never tracked twice.
     */
    @Override
    public void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        try {
            track(submitKey, batch, customIds, correlations);
        } catch (IllegalStateException alreadyTracked) {
            // tracked by an earlier attempt: only the key is left to record
        }
        submitIntents.recordTracked(submitKey);
    }

    private void track(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        List<String> ids = TrackedItems.checked(batch, customIds);
        String stem = BatchFileNames.stem(batch.batchId());
        Entry entry = new Entry(stem, batch, submitKey);
        if (entries.putIfAbsent(batch.batchId(), entry) != null) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
        synchronized (entry) {
            try {
                Files.deleteIfExists(file(stem, BatchFileNames.PROGRESS_SUFFIX));
                Files.deleteIfExists(file(stem, BatchFileNames.DELIVERED_SUFFIX));
                ItemsFile.write(file(stem, BatchFileNames.ITEMS_SUFFIX), ids,
                        TrackedItems.storedCorrelations(correlations, TrackingJson::storable));
                writeMetadata(entry);
            } catch (IOException e) {
                entries.remove(batch.batchId());
                throw new UncheckedIOException("cannot track batch '" + batch.batchId() + "' in " + directory, e);
            }
        }
    }

    @Override
    public List<TrackedBatch> pending() {
        pickUpBatchesOfOtherProcesses();
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
        Entry entry = entries.get(batchId);
        if (entry != null) {
            synchronized (entry) {
                if (!Objects.equals(status, entry.batch.lastStatus())) {
                    rewriteMetadata(entry, entry.batch.withLastStatus(status));
                }
            }
        }
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        Entry entry = entries.get(batchId);
        if (entry != null) {
            synchronized (entry) {
                TrackedBatch batch = entry.batch;
                if (batch.pollFailures() != pollFailures || !Objects.equals(batch.nextPollAt(), nextPollAt)) {
                    rewriteMetadata(entry, batch.withPollFailures(pollFailures, nextPollAt));
                }
            }
        }
    }

    private void rewriteMetadata(Entry entry, TrackedBatch changed) {
        entry.batch = changed;
        try {
            writeMetadata(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the state of batch '" + changed.batchId() + "'", e);
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
                entry.openCorrelations = ItemsFile.readAll(file(entry.stem, BatchFileNames.ITEMS_SUFFIX))
                        .correlations();
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
            }
        }
    }

    @Override
    public void complete(String batchId) {
        synchronized (scanLock) {
            Entry entry = entries.remove(batchId);
            if (entry != null) {
                recordIntentTracked(entry);
                deleteFiles(batchId, entry);
            }
        }
    }

    private void deleteFiles(String batchId, Entry entry) {
        synchronized (entry) {
            try {
                closeFiles(entry);
                Files.deleteIfExists(file(entry.stem, BatchFileNames.METADATA_SUFFIX));
                Files.deleteIfExists(file(entry.stem, BatchFileNames.PROGRESS_SUFFIX));
                Files.deleteIfExists(file(entry.stem, BatchFileNames.DELIVERED_SUFFIX));
                Files.deleteIfExists(file(entry.stem, BatchFileNames.ITEMS_SUFFIX));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove batch '" + batchId + "' from " + directory, e);
            }
            entry.openCorrelations = null;
        }
    }

    /** Records the batch's submit key as tracked, in case the submit that tracked it failed to (it is idempotent). */
    private void recordIntentTracked(Entry entry) {
        if (entry.submitKey != null) {
            submitIntents.find(entry.submitKey).filter(intent -> !intent.tracked())
                    .ifPresent(intent -> submitIntents.recordTracked(entry.submitKey));
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
        TrackedBatch batch = entry.batch;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("batch_id", batch.batchId());
        metadata.put("total_count", batch.totalCount());
        metadata.put("submitted_at", batch.submittedAt().toString());
        metadata.put("last_status", batch.lastStatus());
        metadata.put("poll_failures", batch.pollFailures());
        metadata.put("next_poll_at", batch.nextPollAt() == null ? null : batch.nextPollAt().toString());
        metadata.put("delivered_lines", batch.deliveredLines());
        if (entry.submitKey != null) {
            metadata.put("submit_key", entry.submitKey);
        }
        AtomicFiles.write(file(entry.stem, BatchFileNames.METADATA_SUFFIX),
                out -> TrackingJson.MAPPER.writeValue(out, metadata));
    }

    /** Adds the batches another process tracked in the directory since the last look. */
    private void pickUpBatchesOfOtherProcesses() {
        synchronized (scanLock) {
            Set<String> known = new HashSet<>();
            entries.values().forEach(entry -> known.add(entry.stem));
            try (DirectoryStream<Path> metadataFiles = Files.newDirectoryStream(directory,
                    "*" + BatchFileNames.METADATA_SUFFIX)) {
                for (Path path : metadataFiles) {
                    String stem = BatchFileNames.stemOf(path.getFileName().toString());
                    if (stem != null && !known.contains(stem)) {
                        TrackedBatch batch = loadBatch(stem);
                        if (entries.putIfAbsent(batch.batchId(), new Entry(stem, batch)) == null) {
                            LOG.info("Tracking batch {}, submitted by another process into {}", batch.batchId(),
                                    directory);
                        }
                    }
                }
            } catch (NoSuchFileException e) {
                // completed by this process while the directory was read
                LOG.debug("A batch file vanished while {} was scanned", directory, e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot look for new batches in " + directory, e);
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
                TrackedBatch batch = loadBatch(stem);
                Entry entry = new Entry(stem, batch, submitKeyOf(stem));
                entries.put(batch.batchId(), entry);
                // the process may have died between tracking the batch and recording its intent
                recordIntentTracked(entry);
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

    private String submitKeyOf(String stem) {
        try {
            Object key = TrackingJson.MAPPER.readValue(file(stem, BatchFileNames.METADATA_SUFFIX).toFile(), MAP_TYPE)
                    .get("submit_key");
            return key instanceof String text ? text : null;
        } catch (IOException | RuntimeException damaged) {
            return null; // reported by loadBatch
        }
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

    @Override
    public SubmitIntents submitIntents() {
        return submitIntents;
    }
}
