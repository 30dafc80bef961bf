package xyz.scaledown.camel.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import xyz.scaledown.camel.model.BatchSubmission;

/** Submit intents in heap: they guard redeliveries within one JVM, not a restart. */
final class InMemorySubmitIntents implements SubmitIntents {

    private record Entry(SubmitIntent intent, List<String> customIds) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public void record(SubmitIntent intent, List<String> customIds) {
        entries.put(intent.key(), new Entry(intent, PackedIds.of(customIds)));
    }

    @Override
    public Optional<SubmitIntent> find(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::intent);
    }

    @Override
    public List<String> customIds(String key) {
        Entry entry = entries.get(key);
        return entry == null ? List.of() : entry.customIds();
    }

    @Override
    public void recordSubmitted(String key, String fingerprint, BatchSubmission submission) {
        entries.computeIfPresent(key, (k, entry) -> new Entry(entry.intent().withSubmission(fingerprint, submission),
                entry.customIds()));
    }

    @Override
    public void recordTracked(String key) {
        entries.computeIfPresent(key, (k, entry) -> new Entry(entry.intent().asTracked(), List.of()));
    }

    @Override
    public void forget(String key) {
        entries.remove(key);
    }

    @Override
    public void purge(Instant cutoff) {
        entries.values().removeIf(entry -> entry.intent().recordedAt().isBefore(cutoff));
    }
}
