package xyz.scaledown.bench.sandbox;

/** HTTP calls the sandbox received, per endpoint. */
public record SandboxCounts(long submit, long status, long output) {
}
