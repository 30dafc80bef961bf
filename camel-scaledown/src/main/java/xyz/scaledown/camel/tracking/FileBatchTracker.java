package xyz.scaledown.camel.tracking;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.function.ThrowingConsumer;
import org.apache.camel.util.function.ThrowingRunnable;
import org.apache.camel.util.function.ThrowingSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import xyz.scaledown.camel.aggregation.AggregationStore;
import xyz.scaledown.camel.aggregation.StoredGroup;
import xyz.scaledown.camel.aggregation.StoredItem;
import xyz.scaledown.camel.client.BatchBody;
import xyz.scaledown.camel.model.BatchSubmission;

/**
 * The directory store: one record per batch from its first item to its last delivered result ({@link BatchState}),
 * which the aggregation repository ({@link #aggregationStore}), submit ({@link SubmitIntents}) and the results
 * consumer ({@link BatchTracker}) all read and write. Per batch, under a stem ({@code +<exchange id>} for a batch
 * aggregated here, {@code =<submit key>} for one submitted from heap, its batch id for one tracked by id):
 * {@code <stem>.batch.json}, the record, rewritten atomically at each change, written last when a record is made and
 * deleted first when it goes (its presence makes the record exist); {@code <stem>.items} ({@link ItemsFile}), never
 * rewritten; {@code <stem>.delivered} ({@link DeliveryFile}). A delivered batch keeps only its record (the key) until
 * purged.
 * <p>
 * One process owns a directory, through an OS lock on {@code tracker.lock} taken before anything is read; it holds
 * every record (never the items) in heap. Several nodes sharing the work need the JDBC store.
 */
public class FileBatchTracker extends ServiceSupport implements BatchTracker, SubmitIntents, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileBatchTracker.class);

    static final String OWNER_LOCK = "tracker.lock";

    private final Path directory;
    /** The records by submit key, batch id and aggregator exchange; changed under this tracker's monitor. */
    private final Map<String, Rec> byKey = new ConcurrentHashMap<>();
    private final Map<String, Rec> byBatchId = new ConcurrentHashMap<>();
    private final Map<String, Rec> byExchange = new ConcurrentHashMap<>();
    private AggregationView aggregator;
    private FileChannel ownership;

    /** One batch's record in heap; its open files are guarded by its own monitor. */
    private static final class Rec {
        final String stem;
        volatile BatchState state;
        /** The submit side, from {@link BatchState#POSTING} on (null for a batch tracked by id). */
        volatile SubmitIntent intent;
        /** Once {@link BatchState#SUBMITTED}. */
        volatile TrackedBatch batch;
        /** The aggregator's exchange, until Camel confirms it: id, correlation key, envelope. */
        String exchangeId;
        String groupKey;
        byte[] envelope;
        int itemCount;
        long itemBytes;
        FileChannel appender;
        DeliveryFile delivery;
        ItemsFile.Content opened;

        Rec(String stem, BatchState state) {
            this.stem = stem;
            this.state = state;
        }

        StoredGroup group() {
            return new StoredGroup(exchangeId, groupKey, envelope, itemCount, itemBytes,
                    intent == null ? null : intent.key());
        }
    }

    public FileBatchTracker(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The OS releases the lock when the process dies, even killed. */
    @Override
    protected void doStart() {
        Path lockFile = directory.resolve(OWNER_LOCK);
        try {
            Files.createDirectories(directory);
            ownership = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (!locked(ownership)) {
                throw new IllegalStateException("trackerDirectory " + directory + " is owned by another process (or"
                        + " another CamelContext of this one): it holds " + lockFile + ". A directory store serves"
                        + " one process; give each its own directory, or share the work between nodes with a"
                        + " DataSource (the JDBC stores)");
            }
            load();
        } catch (IOException | RuntimeException e) {
            doStop();
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot open the batch store directory " + directory, io)
                    : (RuntimeException) e;
        }
    }

    private static boolean locked(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException inThisJvm) {
            return false;
        }
    }

    @Override
    protected synchronized void doStop() {
        byBatchId.values().forEach(FileBatchTracker::closeFiles);
        byExchange.values().forEach(FileBatchTracker::closeFiles);
        byKey.clear();
        byBatchId.clear();
        byExchange.clear();
        aggregator = null;
        IOHelper.close(ownership, "the lock of " + directory, LOG);
        ownership = null;
    }

    @Override
    public void close() {
        stop();
    }

    public Path getDirectory() {
        return directory;
    }

    // ------------------------------------------------------------------ BatchTracker

    @Override
    public synchronized void track(TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        List<String> ids = TrackedItems.checked(batch, customIds);
        if (byBatchId.containsKey(batch.batchId())) {
            throw new IllegalStateException("batch '" + batch.batchId() + "' is already tracked");
        }
        Rec rec = new Rec(BatchFileNames.stem(batch.batchId()), BatchState.SUBMITTED);
        rec.batch = batch;
        io("cannot track batch '" + batch.batchId() + "'",
                () -> newRecord(rec, () -> ItemsFile.write(items(rec), ids, null, stored(correlations))));
    }

    /**
     * The key's record is tracked in place: its record file, rewritten, says {@code submitted}; a crash before leaves
     * it answered, and the submit coming back tracks it then. The correlations of a batch from heap are appended to
     * its items; an adopted aggregation record's items carry theirs since their add.
     */
    @Override
    public synchronized void trackSubmitted(String submitKey, TrackedBatch batch, List<String> customIds,
            Map<String, Map<String, Object>> correlations) {
        Rec rec = byKey.get(submitKey);
        if (rec != null && rec.intent.tracked()) {
            return;
        }
        if (byBatchId.containsKey(batch.batchId())) {
            recordTracked(submitKey); // the batch id is tracked under another record, with its items
            return;
        }
        List<String> ids = TrackedItems.checked(batch, customIds);
        Map<String, Map<String, Object>> headers = stored(correlations);
        io("cannot track batch '" + batch.batchId() + "'", () -> {
            if (rec == null) {
                Rec tracked = new Rec(keyStem(submitKey), BatchState.SUBMITTED);
                tracked.intent = SubmitIntent.before(submitKey, ids.size()).trackedAs(batch);
                tracked.batch = batch;
                newRecord(tracked, () -> ItemsFile.write(items(tracked), ids, null, headers));
                return;
            }
            if (!headers.isEmpty()) {
                ItemsFile.appendHeaders(items(rec), ids, headers);
            }
            Files.deleteIfExists(file(rec.stem, BatchFileNames.DELIVERED_SUFFIX));
            rec.batch = batch;
            save(rec, rec.intent.trackedAs(batch));
        });
    }

    @Override
    public List<TrackedBatch> pending() {
        return TrackedItems.oldestFirst(byBatchId.values().stream().map(rec -> rec.batch));
    }

    @Override
    public BatchItems items(String batchId) {
        Rec rec = byBatchId.get(batchId);
        if (rec == null || !rec.batch.hasSubmittedItems()) {
            return BatchItems.none();
        }
        List<String> ids = content(rec).customIds();
        return io("cannot read the delivery marks of batch '" + batchId + "'",
                () -> new BatchItems(ids, DeliveryFile.read(file(rec.stem, BatchFileNames.DELIVERED_SUFFIX), ids.size())));
    }

    /** The batch's items: those {@link #openCorrelations} loaded, else read from its items file. */
    private ItemsFile.Content content(Rec rec) {
        synchronized (rec) {
            return rec.opened != null ? rec.opened
                    : io("cannot read the items of batch '" + rec.batch.batchId() + "'", () -> ItemsFile.readAll(items(rec)));
        }
    }

    @Override
    public void markDelivered(String batchId, int itemIndex) {
        onTracked(batchId, rec -> {
            TrackedItems.checkIndex(batchId, itemIndex, Math.max(rec.batch.totalCount(), 0));
            mark(rec, itemIndex, itemIndex + 1);
        });
    }

    /** A batch watched by id marks its output lines as a submitted batch marks its items. */
    @Override
    public void recordDeliveredLines(String batchId, long deliveredLines) {
        onTracked(batchId, rec -> {
            if (deliveredLines > rec.batch.deliveredLines()) {
                mark(rec, rec.batch.deliveredLines(), deliveredLines);
                rec.batch = rec.batch.withDeliveredLines(deliveredLines);
            }
        });
    }

    private void onTracked(String batchId, Consumer<Rec> action) {
        Rec rec = byBatchId.get(batchId);
        if (rec != null) {
            synchronized (rec) {
                action.accept(rec);
            }
        }
    }

    private void mark(Rec rec, long from, long to) {
        io("cannot record the delivery of batch '" + rec.batch.batchId() + "'", () -> {
            if (rec.delivery == null) {
                rec.delivery = new DeliveryFile(file(rec.stem, BatchFileNames.DELIVERED_SUFFIX));
            }
            rec.delivery.mark(from, to);
        });
    }

    @Override
    public void markStatus(String batchId, String status) {
        changeBatch(batchId, batch -> batch.withLastStatus(status));
    }

    @Override
    public void recordPollFailures(String batchId, int pollFailures, Instant nextPollAt) {
        changeBatch(batchId, batch -> batch.withPollFailures(pollFailures, nextPollAt));
    }

    private synchronized void changeBatch(String batchId, UnaryOperator<TrackedBatch> change) {
        Rec rec = byBatchId.get(batchId);
        if (rec != null) {
            TrackedBatch changed = change.apply(rec.batch);
            if (!changed.equals(rec.batch)) {
                rec.batch = changed;
                io("cannot record the state of batch '" + batchId + "'", () -> save(rec));
            }
        }
    }

    @Override
    public Map<String, Object> correlation(String batchId, String customId) {
        Rec rec = byBatchId.get(batchId);
        return rec == null ? Map.of() : content(rec).correlations().getOrDefault(customId, Map.of());
    }

    @Override
    public void openCorrelations(String batchId) {
        onTracked(batchId, rec -> rec.opened = content(rec));
    }

    @Override
    public void closeCorrelations(String batchId) {
        onTracked(batchId, rec -> rec.opened = null);
    }

    @Override
    public String requestLine(String batchId, int itemIndex) {
        Rec rec = byBatchId.get(batchId);
        return rec == null ? null : TrackedItems.at(content(rec).requestLines(), itemIndex);
    }

    @Override
    public synchronized void complete(String batchId) {
        Rec rec = byBatchId.remove(batchId);
        if (rec == null) {
            return;
        }
        closeFiles(rec);
        rec.opened = null;
        io("cannot remove batch '" + batchId + "'", () -> {
            if (rec.intent == null) {
                remove(rec);
            } else {
                keyOnly(rec);
            }
        });
    }

    /** {@link BatchState#DELIVERED}: the record is rewritten first, then the other files go. */
    private void keyOnly(Rec rec) throws IOException {
        rec.batch = null;
        save(rec, rec.intent.keyOnly());
        deleteFiles(rec.stem);
    }

    // ------------------------------------------------------------------ SubmitIntents

    @Override
    public SubmitIntents submitIntents() {
        return this;
    }

    @Override
    public synchronized void record(SubmitIntent intent, List<String> customIds, List<String> requestLines) {
        io("cannot record the submit intent of submit key " + intent.key() + ": nothing was sent", () -> {
            release(intent.key());
            Rec rec = new Rec(keyStem(intent.key()), BatchState.POSTING);
            rec.intent = intent;
            newRecord(rec, () -> ItemsFile.write(items(rec), customIds, requestLines, Map.of()));
        });
    }

    /** The aggregation record the body reads becomes the intent: its record file is rewritten, its items stay. */
    @Override
    public synchronized boolean adopt(SubmitIntent intent, BatchBody body) {
        Rec rec = body instanceof StoredBatchBody stored && stored.store() == this ? byExchange.get(stored.recordKey())
                : null;
        if (rec == null || !(rec.state == BatchState.COMPLETED || rec.state == BatchState.POSTING)) {
            return false;
        }
        io("cannot record the submit intent of submit key " + intent.key() + ": nothing was sent", () -> {
            if (rec.intent != null) {
                byKey.remove(rec.intent.key());
            }
            release(intent.key());
            save(rec, intent);
        });
        return true;
    }

    /** Clears the key for a new record: its earlier record goes, unless tracked; one still attached keeps its items. */
    private void release(String key) throws IOException {
        Rec earlier = byKey.get(key);
        if (earlier != null && earlier.intent.state() == BatchState.SUBMITTED) {
            throw new IllegalStateException("submit key " + key + " is tracked");
        }
        if (earlier != null) {
            unkey(earlier);
        }
    }

    /** The record leaves its key: one still attached to its exchange is completed again (its recovery resends it). */
    private void unkey(Rec rec) throws IOException {
        byKey.remove(rec.intent.key());
        rec.intent = null;
        rec.state = BatchState.COMPLETED;
        saveOrRemove(rec);
    }

    @Override
    public Optional<SubmitIntent> find(String key) {
        Rec rec = byKey.get(key);
        return rec == null ? Optional.empty() : Optional.ofNullable(rec.intent);
    }

    @Override
    public List<String> customIds(String key) {
        Rec rec = byKey.get(key);
        return rec == null ? List.of()
                : io("cannot read the custom ids of submit key " + key, () -> ItemsFile.readAll(items(rec)).customIds());
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        changeRecord(key, BatchState.POSTING, rec -> save(rec, rec.intent.answered(fingerprint, submission)));
    }

    @Override
    public void recordTracked(String key) {
        changeRecord(key, BatchState.ANSWERED, this::keyOnly);
    }

    @Override
    public void forget(String key) {
        changeRecord(key, BatchState.POSTING, this::unkey);
    }

    private synchronized void changeRecord(String key, BatchState from, ThrowingConsumer<Rec, IOException> change) {
        Rec rec = byKey.get(key);
        if (rec != null && rec.intent.state() == from) {
            io("cannot record the state of submit key " + key, () -> change.accept(rec));
        }
    }

    @Override
    public synchronized void purge(Instant cutoff) {
        for (Rec rec : List.copyOf(byKey.values())) {
            if (rec.state != BatchState.SUBMITTED && rec.exchangeId == null
                    && rec.intent.recordedAt().isBefore(cutoff)) {
                io("cannot purge the submit keys", () -> remove(rec));
            }
        }
    }

    // ------------------------------------------------------------------ the aggregation repository's view

    /**
     * The aggregation repository's view on this store: its open and completed batches are records here, and the
     * {@code scaledown:submit} on this store adopts them in place. One repository at a time: the open batches are
     * its own.
     *
     * @param sync force each add to disk before it returns
     * @throws IllegalStateException when another repository of this application has a view open on the directory
     */
    public synchronized AggregationStore aggregationStore(boolean sync) {
        if (aggregator != null) {
            throw new IllegalStateException("The directory " + directory + " already holds the batches of another"
                    + " FileScaleDownAggregationRepository of this application: give each aggregator its own directory");
        }
        aggregator = new AggregationView(sync);
        return aggregator;
    }

    private final class AggregationView implements AggregationStore {

        private final boolean sync;

        AggregationView(boolean sync) {
            this.sync = sync;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
            synchronized (FileBatchTracker.this) {
                if (aggregator == this) {
                    aggregator = null;
                }
            }
        }

        @Override
        public SubmitIntents intents() {
            return FileBatchTracker.this;
        }

        @Override
        public List<StoredGroup> openGroups() {
            synchronized (FileBatchTracker.this) {
                return byExchange.values().stream().filter(rec -> rec.state == BatchState.OPEN).map(Rec::group).toList();
            }
        }

        @Override
        public void create(StoredGroup group, List<StoredItem> firstItems) {
            synchronized (FileBatchTracker.this) {
                Rec rec = new Rec("+" + BatchFileNames.stem(group.exchangeId()), BatchState.OPEN);
                rec.exchangeId = group.exchangeId();
                rec.groupKey = group.key();
                rec.envelope = group.envelope();
                io("cannot store a new batch", () -> newRecord(rec, () -> append(rec, firstItems)));
            }
        }

        @Override
        public void append(String exchangeId, int firstPosition, List<StoredItem> items) {
            Rec rec = byExchange.get(exchangeId);
            if (rec == null) {
                throw new IllegalStateException("batch " + exchangeId + " is not open in " + directory);
            }
            io("cannot append " + items.size() + " item(s) to batch " + exchangeId, () -> append(rec, items));
        }

        private void append(Rec rec, List<StoredItem> items) throws IOException {
            synchronized (rec) {
                byte[] bytes = ItemsFile.encode(items, rec.itemCount + items.size());
                if (rec.appender == null) {
                    rec.appender = FileChannel.open(items(rec), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                }
                AtomicFiles.writeFully(rec.appender, bytes);
                if (sync) {
                    rec.appender.force(false);
                }
                rec.itemCount += items.size();
                items.forEach(item -> rec.itemBytes += item.requestLine().length);
            }
        }

        @Override
        public void complete(String exchangeId, byte[] envelope) {
            synchronized (FileBatchTracker.this) {
                Rec rec = byExchange.get(exchangeId);
                closeFiles(rec);
                rec.envelope = envelope;
                rec.state = BatchState.COMPLETED;
                io("cannot mark batch " + exchangeId + " completed", () -> save(rec));
            }
        }

        /** Camel confirmed the exchange: a record not adopted goes with its items; an adopted one only lets it go. */
        @Override
        public void delete(String exchangeId) {
            synchronized (FileBatchTracker.this) {
                Rec rec = byExchange.remove(exchangeId);
                if (rec == null) {
                    return;
                }
                closeFiles(rec);
                rec.exchangeId = null;
                rec.groupKey = null;
                rec.envelope = null;
                io("cannot delete batch " + exchangeId, () -> saveOrRemove(rec));
            }
        }

        @Override
        public Set<String> completedIds() {
            return byExchange.entrySet().stream().filter(record -> record.getValue().state != BatchState.OPEN)
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(HashSet::new));
        }

        @Override
        public StoredGroup completed(String exchangeId) {
            Rec rec = byExchange.get(exchangeId);
            return rec == null || rec.state == BatchState.OPEN ? null : rec.group();
        }

        @Override
        public void forEachLine(String exchangeId, LineVisitor visitor) throws IOException {
            Rec rec = byExchange.get(exchangeId);
            if (rec != null) {
                ItemsFile.forEachLine(items(rec), (buffer, offset, length) -> {
                    if (buffer[offset] == '{') {
                        visitor.visit(Arrays.copyOfRange(buffer, offset, offset + length));
                    }
                });
            }
        }

        @Override
        public void forEachCustomId(String exchangeId, IdVisitor visitor) {
            forEachItem(exchangeId, (customId, line, headers) -> visitor.visit(customId));
        }

        @Override
        public boolean containsCustomId(String exchangeId, String customId) {
            boolean[] found = new boolean[1];
            forEachCustomId(exchangeId, id -> found[0] |= id.equals(customId));
            return found[0];
        }

        @Override
        public void forEachCorrelation(String exchangeId, CorrelationVisitor visitor) {
            forEachItem(exchangeId, (customId, line, headers) -> {
                if (headers != null) {
                    visitor.visit(customId, headers);
                }
            });
        }

        private void forEachItem(String exchangeId, ItemsFile.ItemVisitor visitor) {
            Rec rec = byExchange.get(exchangeId);
            if (rec != null) {
                io("cannot read the items of batch " + exchangeId, () -> ItemsFile.forEachItem(items(rec), visitor));
            }
        }

        @Override
        public String toString() {
            return "directory " + directory;
        }
    }

    // ------------------------------------------------------------------ files

    private Path file(String stem, String suffix) {
        return directory.resolve(stem + suffix);
    }

    private Path items(Rec rec) {
        return file(rec.stem, BatchFileNames.ITEMS_SUFFIX);
    }

    /** A new record: files an earlier one left under its stem go, its items are written, its record file last. */
    private void newRecord(Rec rec, ThrowingRunnable<IOException> writeItems) throws IOException {
        deleteFiles(rec.stem);
        writeItems.run();
        save(rec);
    }

    private void save(Rec rec) throws IOException {
        ObjectNode json = TrackingJson.MAPPER.createObjectNode().put("state", rec.state.stored());
        SubmitIntent intent = rec.intent;
        if (intent != null) {
            json.put("submit_key", intent.key()).put("state_at", intent.recordedAt().toString())
                    .put("fingerprint", intent.fingerprint()).put("item_count", intent.itemCount());
            if (intent.submission() != null) {
                json.put("answer_batch_id", intent.submission().batchId())
                        .put("answer_status", intent.submission().status());
            }
        }
        if (rec.exchangeId != null) {
            json.put("exchange_id", rec.exchangeId).put("correlation_key", rec.groupKey)
                    .put("envelope", Base64.getEncoder().encodeToString(rec.envelope));
        }
        TrackedBatch batch = rec.batch;
        if (batch != null) {
            json.put("batch_id", batch.batchId()).put("total_count", batch.totalCount())
                    .put("submitted_at", batch.submittedAt().toString()).put("last_status", batch.lastStatus())
                    .put("poll_failures", batch.pollFailures())
                    .put("next_poll_at", Objects.toString(batch.nextPollAt(), null))
                    .put("delivered_lines", batch.deliveredLines());
        }
        AtomicFiles.write(file(rec.stem, BatchFileNames.METADATA_SUFFIX), TrackingJson.MAPPER.writeValueAsBytes(json));
        index(rec);
    }

    /** A keyed record is in its intent's state. */
    private void save(Rec rec, SubmitIntent intent) throws IOException {
        rec.intent = intent;
        rec.state = intent.state();
        save(rec);
    }

    private void index(Rec rec) {
        if (rec.intent != null) {
            byKey.put(rec.intent.key(), rec);
        }
        if (rec.state == BatchState.SUBMITTED) {
            byBatchId.put(rec.batch.batchId(), rec);
        }
        if (rec.exchangeId != null) {
            byExchange.put(rec.exchangeId, rec);
        }
    }

    /** A record lives while an exchange or a key holds it. */
    private void saveOrRemove(Rec rec) throws IOException {
        if (rec.exchangeId == null && rec.intent == null) {
            remove(rec);
        } else {
            save(rec);
        }
    }

    /** The record file first: what is left after a crash is an orphan, swept at start. */
    private void remove(Rec rec) throws IOException {
        closeFiles(rec);
        if (rec.intent != null) {
            byKey.remove(rec.intent.key(), rec);
        }
        if (rec.batch != null) {
            byBatchId.remove(rec.batch.batchId(), rec);
        }
        if (rec.exchangeId != null) {
            byExchange.remove(rec.exchangeId, rec);
        }
        Files.deleteIfExists(file(rec.stem, BatchFileNames.METADATA_SUFFIX));
        deleteFiles(rec.stem);
    }

    private void deleteFiles(String stem) throws IOException {
        Files.deleteIfExists(file(stem, BatchFileNames.DELIVERED_SUFFIX));
        Files.deleteIfExists(file(stem, BatchFileNames.ITEMS_SUFFIX));
    }

    private static void closeFiles(Rec rec) {
        synchronized (rec) {
            IOHelper.close(rec.appender, rec.delivery);
            rec.appender = null;
            rec.delivery = null;
        }
    }

    /** A submit key's stem: '=' appears in no batch id's stem. */
    private static String keyStem(String key) {
        return "=" + BatchFileNames.stem(key);
    }

    private static Map<String, Map<String, Object>> stored(Map<String, Map<String, Object>> correlations) {
        return TrackedItems.storedCorrelations(correlations, TrackingJson::storable);
    }

    private <T> T io(String failure, ThrowingSupplier<T, IOException> call) {
        try {
            return call.get();
        } catch (IOException e) {
            throw new UncheckedIOException(failure + " in " + directory, e);
        }
    }

    private void io(String failure, ThrowingRunnable<IOException> run) {
        io(failure, () -> {
            run.run();
            return null;
        });
    }

    // ------------------------------------------------------------------ start

    private synchronized void load() throws IOException {
        Map<String, Boolean> stems = new TreeMap<>(); // stem -> has a record file
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path path : files) {
                String name = path.getFileName().toString();
                String stem = BatchFileNames.stemOf(name);
                if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    LOG.info("Removing {}: the temp file of a write that did not finish", path);
                    Files.deleteIfExists(path);
                } else if (stem != null) {
                    stems.merge(stem, name.endsWith(BatchFileNames.METADATA_SUFFIX), Boolean::logicalOr);
                }
            }
        }
        List<String> orphans = new ArrayList<>();
        for (Map.Entry<String, Boolean> stem : stems.entrySet()) {
            if (stem.getValue()) {
                load(stem.getKey());
            } else {
                orphans.add(stem.getKey());
                deleteFiles(stem.getKey());
            }
        }
        if (!orphans.isEmpty()) {
            LOG.info("Removed the files of {} record(s) never written (an add or a track the process died in): {}",
                    orphans.size(), orphans);
        }
        LOG.info("Loaded {} batch record(s) from {}: {} tracked, {} aggregating or waiting for recovery",
                stems.size() - orphans.size(), directory, byBatchId.size(), byExchange.size());
    }

    private void load(String stem) throws IOException {
        Path recordFile = file(stem, BatchFileNames.METADATA_SUFFIX);
        Rec rec;
        try {
            rec = read(stem, TrackingJson.MAPPER.readTree(recordFile.toFile()));
        } catch (IOException | RuntimeException e) {
            rec = new Rec(stem, BatchState.SUBMITTED);
            int count = ItemsFile.readAll(items(rec)).customIds().size();
            LOG.warn("The record file of {} in {} is damaged ({}); keeping batch {} with the {} item(s) of its items"
                    + " file", stem, directory, e.getMessage(), BatchFileNames.batchId(stem), count);
            rec.batch = TrackedBatch.submitted(BatchFileNames.batchId(stem), count == 0 ? TrackedBatch.UNKNOWN_COUNT
                    : count, null, Files.getLastModifiedTime(recordFile).toInstant());
        }
        if (rec.exchangeId != null) {
            ItemsFile.Totals totals = ItemsFile.cutTornTail(items(rec));
            rec.itemCount = totals.items();
            rec.itemBytes = totals.bytes();
        }
        if (rec.state == BatchState.SUBMITTED) {
            rec.batch = checked(rec);
        } else if (rec.state == BatchState.DELIVERED) {
            deleteFiles(stem); // the process died while it delivered the batch
        }
        index(rec);
    }

    private static Rec read(String stem, JsonNode json) {
        Rec rec = new Rec(stem, BatchState.ofStored(json.get("state").textValue()));
        if (json.hasNonNull("submit_key")) {
            String batchId = json.path("answer_batch_id").textValue();
            int count = json.get("item_count").intValue();
            rec.intent = new SubmitIntent(json.get("submit_key").textValue(), json.path("fingerprint").textValue(),
                    count, Instant.parse(json.get("state_at").textValue()), batchId == null ? null
                            : new BatchSubmission(batchId, json.path("answer_status").textValue(), count), rec.state);
        }
        if (json.hasNonNull("exchange_id")) {
            rec.exchangeId = json.get("exchange_id").textValue();
            rec.groupKey = json.path("correlation_key").textValue();
            rec.envelope = Base64.getDecoder().decode(json.get("envelope").textValue());
        }
        if (json.hasNonNull("batch_id")) {
            String nextPollAt = json.path("next_poll_at").textValue();
            rec.batch = new TrackedBatch(json.get("batch_id").textValue(), json.get("total_count").intValue(),
                    Instant.parse(json.get("submitted_at").textValue()), json.path("last_status").textValue(),
                    json.get("poll_failures").intValue(), nextPollAt == null ? null : Instant.parse(nextPollAt),
                    json.get("delivered_lines").longValue());
        }
        return rec;
    }

    /** The items file and the delivery marks win over the record. */
    private TrackedBatch checked(Rec rec) throws IOException {
        TrackedBatch batch = rec.batch;
        Path itemsFile = items(rec);
        ItemsFile.Content items = ItemsFile.readAll(itemsFile);
        if (items.damagedLines() > 0) {
            LOG.warn("Batch {}: {} damaged line(s) in {}; those items cannot be matched to output lines and are "
                    + "reported missing", batch.batchId(), items.damagedLines(), itemsFile);
        }
        if (batch.hasSubmittedItems() && batch.totalCount() != items.customIds().size()) {
            LOG.warn("Batch {} was submitted with {} item(s) but {} holds {}; the items file is used",
                    batch.batchId(), batch.totalCount(), itemsFile, items.customIds().size());
            batch = new TrackedBatch(batch.batchId(), items.customIds().size(), batch.submittedAt(),
                    batch.lastStatus(), batch.pollFailures(), batch.nextPollAt(), batch.deliveredLines());
        }
        long progress = batch.hasSubmittedItems() ? 0 : DeliveryFile.run(file(rec.stem, BatchFileNames.DELIVERED_SUFFIX));
        return progress > batch.deliveredLines() ? batch.withDeliveredLines(progress) : batch;
    }
}
