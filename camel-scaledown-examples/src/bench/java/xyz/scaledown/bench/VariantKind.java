package xyz.scaledown.bench;

import java.util.function.Supplier;

import xyz.scaledown.bench.baseline.InMemoryBaseline;
import xyz.scaledown.bench.baseline.StreamingBaseline;
import xyz.scaledown.bench.component.ComponentEndToEnd;
import xyz.scaledown.bench.component.ComponentOutputPhase;
import xyz.scaledown.bench.component.PollCallsCheck;
import xyz.scaledown.bench.peer.ProviderClientRun;

/** The variants the benchmark runs, each in a JVM of its own. */
public enum VariantKind {

    BASELINE_A("baseline-a", "A: JDK HttpClient, streamed", StreamingBaseline::new),
    BASELINE_B("baseline-b", "B: JDK HttpClient, all in memory", InMemoryBaseline::new),
    PEER_C("peer-c", "C: provider's Python client", ProviderClientRun::new),
    COMPONENT("component", "component, end to end, cold", () -> new ComponentEndToEnd(false)),
    COMPONENT_WARM("component-warm", "component, end to end, warm", () -> new ComponentEndToEnd(true)),
    COMPONENT_OUTPUT("component-output", "component, output phase", ComponentOutputPhase::new),
    POLL_CHECK("poll-check", "component, status calls per poll", PollCallsCheck::new);

    private final String id;
    private final String label;
    private final Supplier<Variant> factory;

    VariantKind(String id, String label, Supplier<Variant> factory) {
        this.id = id;
        this.label = label;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    Variant create() {
        return factory.get();
    }

    static VariantKind byId(String id) {
        for (VariantKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown variant " + id);
    }
}
