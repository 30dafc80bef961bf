package xyz.scaledown.camel.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

import xyz.scaledown.camel.observe.EndpointActivity;
import xyz.scaledown.camel.observe.TrackedBatchesView;
import xyz.scaledown.camel.observe.TrackedBatchesView.BatchView;

/**
 * The {@code scaledown} dev console: the batches the context's scaledown endpoints track (the oldest
 * {@link TrackedBatchesView#PAGE_SIZE} of each tracker), each with its status, age, items delivered out of submitted
 * and last poll error, the follow-up batches sent lately (the batch their items came from and their attempt), and the
 * totals over every batch, which the trackers compute.
 */
@DevConsole(name = "scaledown", displayName = "ScaleDown", description = "ScaleDown batches tracked and their progress")
public class ScaleDownDevConsole extends AbstractDevConsole {

    public ScaleDownDevConsole() {
        super("camel", "scaledown", "ScaleDown", "ScaleDown batches tracked and their progress");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        List<TrackerSnapshot> trackers = TrackerSnapshot.allIn(getCamelContext());
        StringBuilder text = new StringBuilder();
        for (TrackerSnapshot tracker : trackers) {
            text.append(String.format("Tracker of %s: %d batches%s%n", tracker.endpoints(), tracker.view().count(),
                    tracker.view().count() > tracker.view().batches().size()
                            ? " (the oldest " + tracker.view().batches().size() + " listed)" : ""));
            for (BatchView b : tracker.view().batches()) {
                text.append(String.format("    %s  %-10s  age %ds  delivered %d/%s%s%s%n", b.batchId(), b.status(),
                        b.age().toSeconds(), b.delivered(), b.submitted() < 0 ? "?" : String.valueOf(b.submitted()),
                        b.leaseOwner() == null ? "" : "  leased by " + b.leaseOwner(),
                        b.lastError() == null ? "" : "  last error: " + b.lastError()));
            }
            for (EndpointActivity.FollowUp f : tracker.followUps()) {
                text.append(String.format("    follow-up %s of %s: attempt %d, %d items %s%n", f.batchId(),
                        f.followUpOf(), f.attempt(), f.items(), f.codes()));
            }
        }
        Totals totals = Totals.of(trackers);
        text.append(String.format("Total: %d batches, %d/%d items delivered, %d pending%n", totals.batches(),
                totals.delivered(), totals.submitted(), totals.pending()));
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<TrackerSnapshot> trackers = TrackerSnapshot.allIn(getCamelContext());
        List<JsonObject> batches = new ArrayList<>();
        List<JsonObject> followUps = new ArrayList<>();
        for (TrackerSnapshot tracker : trackers) {
            for (BatchView b : tracker.view().batches()) {
                JsonObject batch = new JsonObject();
                batch.put("batchId", b.batchId());
                batch.put("status", b.status());
                batch.put("ageMillis", b.age().toMillis());
                batch.put("deliveredItems", b.delivered());
                batch.put("submittedItems", b.submitted());
                batch.put("pendingItems", b.pending());
                batch.put("endpoints", tracker.endpoints());
                if (b.lastError() != null) {
                    batch.put("lastError", b.lastError());
                }
                if (b.leaseOwner() != null) {
                    batch.put("leaseOwner", b.leaseOwner());
                }
                batches.add(batch);
            }
            for (EndpointActivity.FollowUp f : tracker.followUps()) {
                JsonObject followUp = new JsonObject();
                followUp.put("batchId", f.batchId());
                followUp.put("followUpOf", f.followUpOf());
                followUp.put("attempt", f.attempt());
                followUp.put("items", f.items());
                followUp.put("codes", new JsonObject(f.codes()));
                followUp.put("sentAt", f.at().toString());
                followUps.add(followUp);
            }
        }
        Totals totals = Totals.of(trackers);
        JsonObject total = new JsonObject();
        total.put("batches", totals.batches());
        total.put("submittedItems", totals.submitted());
        total.put("deliveredItems", totals.delivered());
        total.put("pendingItems", totals.pending());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("batches", batches);
        root.put("followUps", followUps);
        root.put("totals", total);
        return root;
    }

    private record Totals(int batches, long submitted, long delivered, long pending) {

        static Totals of(List<TrackerSnapshot> trackers) {
            List<TrackedBatchesView> views = trackers.stream().map(TrackerSnapshot::view).toList();
            return new Totals(views.stream().mapToInt(TrackedBatchesView::count).sum(),
                    views.stream().mapToLong(TrackedBatchesView::submittedItems).sum(),
                    views.stream().mapToLong(TrackedBatchesView::deliveredItems).sum(),
                    views.stream().mapToLong(TrackedBatchesView::pendingItems).sum());
        }
    }
}
