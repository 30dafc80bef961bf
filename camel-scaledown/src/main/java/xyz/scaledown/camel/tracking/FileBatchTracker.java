package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracker that survives a restart. Per batch, in {@code directory}:
 * <ul>
 * <li>{@code <id>.batch.json}: the metadata, rewritten atomically on track and on a status change. Its presence is
 * what makes a batch tracked: it is written last by {@link #track} and deleted first by {@link #complete}.</li>
 * <li>{@code <id>.correlations.jsonl}: custom_id -> headers, written once (atomically) at track time and loaded only
 * between {@link #openCorrelations} and {@link #closeCorrelations}, so memory grows with the number of tracked
 * batches, not with their items.</li>
 * <li>{@code <id>.progress}: the delivered-items count, see {@link ProgressFile}: one positional write per update.</li>
 * </ul>
 * A damaged file found at start-up is reported with a WARN and its batch is kept (with what could be read); leftover
 * temp files of an interrupted write are removed.
 */
public class FileBatchTracker implements BatchTracker, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileBatchTracker.class);
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private final Path directory;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The in-memory state of one tracked batch; guarded by its own monitor. */
    private static final class Entry {
        final String stem;
        TrackedBatch batch;
        ProgressFile progress;
        Map<String, Map<String, Object>> openCorrelations;

        Entry(String stem, TrackedBatch batch) {
            this.stem = stem;
            this.batch = batch;
        }
    }

    public FileBatchTracker(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the batch tracker directory " + directory, e);
        }
    }

    public Path getDirectory() {
        return directory;
    }

    // ------------------------------------------------------------------ BatchTracker

    @Override
    public void track(TrackedBatch batch, Map<String, Map<String, Object>> correlations) {
        String stem = BatchFileNames.stem(batch.batchId());
        Entry entry = new Entry(stem, batch);
        if (entries.putIfAbsent(batch.batchId(), entry) != null) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
        synchronized (entry) {
            try {
                Files.deleteIfExists(file(stem, BatchFileNames.PROGRESS_SUFFIX));
                if (correlations != null && !correlations.isEmpty()) {
                    CorrelationsFile.write(file(stem, BatchFileNames.CORRELATIONS_SUFFIX), correlations);
                } else {
                    Files.deleteIfExists(file(stem, BatchFileNames.CORRELATIONS_SUFFIX));
                }
                writeMetadata(entry);
            } catch (IOException e) {
                entries.remove(batch.batchId());
                throw new UncheckedIOException("cannot track batch '" + batch.batchId() + "' in " + directory, e);
            }
        }
    }

    @Override
    public List<TrackedBatch> pending() {
        return entries.values().stream().map(this::snapshot)
                .sorted(Comparator.comparing(TrackedBatch::submittedAt)).toList();
    }

    private TrackedBatch snapshot(Entry entry) {
        synchronized (entry) {
            return entry.batch;
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
            return CorrelationsFile.find(file(entry.stem, BatchFileNames.CORRELATIONS_SUFFIX), customId);
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
            int[] damaged = new int[1];
            try {
                entry.openCorrelations = CorrelationsFile.readAll(
                        file(entry.stem, BatchFileNames.CORRELATIONS_SUFFIX), damaged);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the correlations of batch '" + batchId + "'", e);
            }
            if (damaged[0] > 0) {
                LOG.warn("Batch {}: {} damaged line(s) in its correlations file; those items get no restored headers",
                        batchId, damaged[0]);
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
    public void recordProgress(String batchId, long deliveredItems) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (deliveredItems <= entry.batch.deliveredItems()) {
                return;
            }
            try {
                if (entry.progress == null) {
                    entry.progress = new ProgressFile(file(entry.stem, BatchFileNames.PROGRESS_SUFFIX));
                }
                entry.progress.write(deliveredItems);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the progress of batch '" + batchId + "'", e);
            }
            entry.batch = entry.batch.withDeliveredItems(deliveredItems);
        }
    }

    @Override
    public void markStatus(String batchId, String status) {
        Entry entry = entries.get(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (Objects.equals(status, entry.batch.lastStatus())) {
                return;
            }
            entry.batch = entry.batch.withLastStatus(status);
            try {
                writeMetadata(entry);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the status of batch '" + batchId + "'", e);
            }
        }
    }

    @Override
    public void complete(String batchId) {
        Entry entry = entries.remove(batchId);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            try {
                closeProgress(entry);
                Files.deleteIfExists(file(entry.stem, BatchFileNames.METADATA_SUFFIX));
                Files.deleteIfExists(file(entry.stem, BatchFileNames.PROGRESS_SUFFIX));
                Files.deleteIfExists(file(entry.stem, BatchFileNames.CORRELATIONS_SUFFIX));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove batch '" + batchId + "' from " + directory, e);
            }
            entry.openCorrelations = null;
        }
    }

    /** Releases the open progress files; the store stays readable by a new instance. */
    @Override
    public void close() {
        for (Entry entry : entries.values()) {
            synchronized (entry) {
                closeProgress(entry);
            }
        }
    }

    private static void closeProgress(Entry entry) {
        if (entry.progress != null) {
            try {
                entry.progress.close();
            } catch (IOException e) {
                LOG.debug("Closing the progress file of batch {} failed", entry.batch.batchId(), e);
            }
            entry.progress = null;
        }
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
        metadata.put("delivered_items", batch.deliveredItems());
        metadata.put("last_status", batch.lastStatus());
        AtomicFiles.write(file(entry.stem, BatchFileNames.METADATA_SUFFIX),
                out -> TrackingJson.MAPPER.writeValue(out, metadata));
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
                entries.put(batch.batchId(), new Entry(stem, batch));
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
        TrackedBatch batch;
        try {
            batch = parseMetadata(Files.readAllBytes(metadataFile));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The metadata file {} is damaged ({}); keeping batch {} with an unknown item count",
                    metadataFile, e.getMessage(), BatchFileNames.batchId(stem));
            batch = new TrackedBatch(BatchFileNames.batchId(stem), TrackedBatch.UNKNOWN_COUNT,
                    Files.getLastModifiedTime(metadataFile).toInstant(), 0, null);
        }
        Path progressFile = file(stem, BatchFileNames.PROGRESS_SUFFIX);
        OptionalLong progress = ProgressFile.read(progressFile);
        if (progress.isPresent()) {
            if (progress.getAsLong() > batch.deliveredItems()) {
                batch = batch.withDeliveredItems(progress.getAsLong());
            }
        } else if (Files.exists(progressFile)) {
            LOG.warn("The progress file {} is damaged; batch {} resumes from {} delivered item(s), so items after "
                    + "that may be delivered again", progressFile, batch.batchId(), batch.deliveredItems());
        }
        return batch;
    }

    private static TrackedBatch parseMetadata(byte[] json) throws IOException {
        Map<String, Object> map = TrackingJson.MAPPER.readValue(json, MAP_TYPE);
        String batchId = (String) map.get("batch_id");
        Number total = (Number) map.get("total_count");
        Number delivered = (Number) map.get("delivered_items");
        String submittedAt = (String) map.get("submitted_at");
        return new TrackedBatch(batchId, total == null ? TrackedBatch.UNKNOWN_COUNT : total.intValue(),
                submittedAt == null ? Instant.EPOCH : Instant.parse(submittedAt),
                delivered == null ? 0 : delivered.longValue(), (String) map.get("last_status"));
    }
}
