package xyz.scaledown.camel.console;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.util.URISupport;

import xyz.scaledown.camel.ScaleDownEndpoint;
import xyz.scaledown.camel.observe.TrackedBatchesView;
import xyz.scaledown.camel.observe.EndpointActivity;
import xyz.scaledown.camel.tracking.BatchTracker;

/**
 * One tracker of a Camel context with the (sanitized) URIs of the scaledown endpoints using it, and its batches now.
 * Several endpoints sharing one tracker show its batches once; the last poll errors come from the endpoints' own
 * activity, as do the follow-up batches they sent lately.
 */
record TrackerSnapshot(List<String> endpoints, TrackedBatchesView view, List<EndpointActivity.FollowUp> followUps) {

    static List<TrackerSnapshot> allIn(CamelContext context) {
        Map<BatchTracker, List<ScaleDownEndpoint>> byTracker = new IdentityHashMap<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof ScaleDownEndpoint scaledown && scaledown.isStarted()) {
                byTracker.computeIfAbsent(scaledown.getTracker(), t -> new ArrayList<>()).add(scaledown);
            }
        }
        List<TrackerSnapshot> snapshots = new ArrayList<>();
        byTracker.forEach((tracker, endpoints) -> snapshots.add(new TrackerSnapshot(
                endpoints.stream().map(e -> URISupport.sanitizeUri(e.getEndpointUri())).sorted().toList(),
                TrackedBatchesView.of(tracker, batchId -> endpoints.stream()
                        .map(e -> e.getActivity().lastError(batchId))
                        .filter(Objects::nonNull).findFirst().orElse(null)),
                endpoints.stream().flatMap(e -> e.getActivity().followUps().stream())
                        .sorted(java.util.Comparator.comparing(EndpointActivity.FollowUp::at)).toList())));
        return snapshots;
    }
}
