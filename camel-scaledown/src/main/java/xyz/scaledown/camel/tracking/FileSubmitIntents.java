package xyz.scaledown.camel.tracking;

import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import xyz.scaledown.camel.model.BatchSubmission;

/**
 * Submit intents in {@code <tracker directory>/intents}: per intent, {@code <key>.intent.json} (written atomically,
 * last on record, rewritten with the batch id after the POST) and {@code <key>.intent-ids} (its custom_ids, one per
 * line, written before the intent). Every write is forced to disk before it returns.
 */
final class FileSubmitIntents implements SubmitIntents {

    private static final String INTENT_SUFFIX = ".intent.json";
    private static final String IDS_SUFFIX = ".intent-ids";

    private final Path directory;

    FileSubmitIntents(Path trackerDirectory) {
        this.directory = trackerDirectory.resolve("intents");
    }

    @Override
    public synchronized void record(SubmitIntent intent, List<String> customIds) {
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(file(intent.key(), IDS_SUFFIX), out -> {
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                for (String id : customIds) {
                    writer.write(TrackingJson.MAPPER.writeValueAsString(id));
                    writer.write('\n');
                }
                writer.flush();
            });
            writeIntent(intent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the submit intent of submit key " + intent.key() + " in "
                    + directory + ": nothing was sent", e);
        }
    }

    @Override
    public synchronized Optional<SubmitIntent> find(String key) {
        Path file = file(key, INTENT_SUFFIX);
        try {
            JsonNode json = TrackingJson.MAPPER.readTree(file.toFile());
            JsonNode batchId = json.get("batch_id");
            BatchSubmission submission = batchId == null || batchId.isNull() ? null
                    : new BatchSubmission(batchId.asText(), json.path("status").asText(null),
                            json.path("total_count").asInt());
            return Optional.of(new SubmitIntent(key, json.path("fingerprint").asText(null), json.path("item_count").asInt(),
                    Instant.parse(json.path("recorded_at").asText()), submission, json.path("tracked").asBoolean()));
        } catch (NoSuchFileException | FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the submit intent " + file, e);
        }
    }

    @Override
    public synchronized List<String> customIds(String key) {
        try (var lines = Files.lines(file(key, IDS_SUFFIX), StandardCharsets.UTF_8)) {
            return lines.map(line -> {
                try {
                    return TrackingJson.MAPPER.readValue(line, String.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the custom ids of submit intent " + key, e);
        }
    }

    @Override
    public synchronized void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        find(key).ifPresent(intent -> {
            try {
                writeIntent(intent.withSubmission(fingerprint, submission));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record that submit key " + key + " created batch "
                        + submission.batchId(), e);
            }
        });
    }

    @Override
    public synchronized void recordTracked(String key) {
        find(key).ifPresent(intent -> {
            try {
                writeIntent(intent.asTracked());
                Files.deleteIfExists(file(key, IDS_SUFFIX));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record that the batch of submit key " + key + " is tracked", e);
            }
        });
    }

    @Override
    public synchronized void forget(String key) {
        try {
            Files.deleteIfExists(file(key, INTENT_SUFFIX));
            Files.deleteIfExists(file(key, IDS_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget the submit intent of submit key " + key, e);
        }
    }

    /** Removes the temp files of writes a dead process left; called by the directory's owner at start. */
    synchronized void sweep() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + AtomicFiles.TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** By the files' modification time: an intent file is rewritten whenever its intent is. */
    @Override
    public synchronized void purge(Instant cutoff) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge the submit keys in " + directory, e);
        }
    }

    private void writeIntent(SubmitIntent intent) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", intent.key());
        json.put("fingerprint", intent.fingerprint());
        json.put("item_count", intent.itemCount());
        json.put("recorded_at", intent.recordedAt().toString());
        if (intent.submission() != null) {
            json.put("batch_id", intent.submission().batchId());
            json.put("status", intent.submission().status());
            json.put("total_count", intent.submission().totalCount());
        }
        json.put("tracked", intent.tracked());
        AtomicFiles.write(file(intent.key(), INTENT_SUFFIX), out -> TrackingJson.MAPPER.writeValue(out, json));
    }

    private Path file(String key, String suffix) {
        return directory.resolve(BatchFileNames.stem(key) + suffix);
    }
}
