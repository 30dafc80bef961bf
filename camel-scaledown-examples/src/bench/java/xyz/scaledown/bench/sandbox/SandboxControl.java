package xyz.scaledown.bench.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Talks to the control port of a {@link BenchSandboxMain}. */
public final class SandboxControl {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String controlUrl;

    public SandboxControl(String controlUrl) {
        this.controlUrl = controlUrl;
    }

    public SandboxCounts counts() {
        String[] parts = call("GET", "/counts").split(" ");
        return new SandboxCounts(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    public void resetCounts() {
        call("POST", "/reset");
    }

    /** Forgets every batch and resets the counts. */
    public void clearBatches() {
        call("POST", "/clear");
    }

    private String call(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(controlUrl + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted talking to the sandbox", e);
        }
    }
}
