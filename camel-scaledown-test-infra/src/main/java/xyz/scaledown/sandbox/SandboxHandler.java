package xyz.scaledown.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Answers every request: counts it, applies the fault switches, checks the key, then submits a
 * batch, reports a status or streams an output.
 */
final class SandboxHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxHandler.class);
    private static final String BATCHES = "/v1/batches";
    private static final String OUTPUT_SUFFIX = "/output";
    private static final String JSONL_TYPE = "application/jsonl";
    private static final int OUTPUT_BUFFER_BYTES = 1 << 16;

    private final SandboxConfig config;
    private final BatchStore store;
    private final RequestCounts counts;

    SandboxHandler(SandboxConfig config, BatchStore store, RequestCounts counts) {
        this.config = config;
        this.store = store;
        this.counts = counts;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            handleCounted(exchange);
        } catch (IOException e) {
            LOG.debug("Sandbox request {} {} ended early: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e.toString());
        } catch (RuntimeException | Error e) {
            LOG.warn("Sandbox request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            if (exchange.getResponseCode() == -1) {
                JsonResponses.sendError(exchange, 500, "internal_error", "the sandbox failed: " + e);
            }
        } finally {
            exchange.close();
        }
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        RequestCounts.Endpoint endpoint = endpointOf(method, path);
        counts.countRequest(endpoint);

        SandboxFaults faults = config.faults();
        sleep(faults.slowMillis());
        SandboxFaults.Fault fault = faults.nextFault();
        counts.countFault(fault);
        switch (fault) {
            case DROP_CONNECTION -> {
                // Closing before any header is sent makes the JDK server close the socket: the client sees EOF.
                exchange.close();
                return;
            }
            case SERVER_ERROR -> {
                JsonResponses.sendError(exchange, 503, "service_unavailable", "sandbox fault: injected server error");
                return;
            }
            case TOO_MANY_REQUESTS -> {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(faults.retryAfterSeconds()));
                JsonResponses.sendError(exchange, 429, "rate_limited", "sandbox fault: injected rate limit");
                return;
            }
            default -> { }
        }
        if (!authorised(exchange)) {
            return;
        }
        switch (endpoint) {
            case SUBMIT -> submit(exchange);
            case STATUS -> status(exchange, batchId(path, false));
            case OUTPUT -> output(exchange, batchId(path, true));
            default -> notRouted(exchange, path);
        }
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        if (key == null || key.isBlank()) {
            JsonResponses.sendError(exchange, 401, "unauthorized", "missing x-api-key header");
            return false;
        }
        if (config.apiKey() != null && !config.apiKey().equals(key)) {
            JsonResponses.sendError(exchange, 401, "unauthorized", "invalid API key");
            return false;
        }
        return true;
    }

    private void submit(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !mediaType(contentType).equals(JSONL_TYPE)) {
            JsonResponses.sendError(exchange, 415, "unsupported_media_type",
                    "Content-Type must be " + JSONL_TYPE + ", was " + contentType);
            return;
        }
        SandboxFaults faults = config.faults();
        BatchParser.Parsed parsed;
        try {
            parsed = new BatchParser().parse(exchange.getRequestBody(), faults.failBatchesMatching());
        } catch (BadRequestException e) {
            JsonResponses.sendError(exchange, 400, "invalid_request", e.getMessage());
            return;
        }
        String id = store.nextId();
        List<String> customIds = parsed.items().stream()
                .map(item -> new String(item.customId(), StandardCharsets.UTF_8)).toList();
        Batch batch = new Batch(id, parsed.items(), parsed.unprocessableCount(), config.queuedMillis(),
                config.processingMillis(), faults.endingFor(customIds, parsed.matchesFailSwitch()));
        store.put(batch);
        counts.countBatchCreated();
        JsonResponses.send(exchange, 200, json -> {
            json.writeStringField("batch_id", id);
            json.writeStringField("status", "queued");
            json.writeNumberField("total_count", batch.totalCount());
        });
    }

    private void status(HttpExchange exchange, String id) throws IOException {
        Batch batch = store.get(id);
        if (batch == null || batch.isForgotten()) {
            unknownBatch(exchange, id);
            return;
        }
        Batch.Status status = batch.statusNow();
        JsonResponses.send(exchange, 200, json -> {
            json.writeStringField("batch_id", batch.id());
            json.writeStringField("status", status.state().wireName());
            json.writeNumberField("total_count", batch.totalCount());
            json.writeNumberField("completed_count", status.completedCount());
            json.writeNumberField("failed_count", status.failedCount());
            json.writeNumberField("created_at", batch.createdAtEpochSeconds());
            if (status.state() == Batch.State.FAILED) {
                JsonResponses.writeError(json, "batch_failed", batch.failure());
            }
        });
    }

    private void output(HttpExchange exchange, String id) throws IOException {
        Batch batch = store.get(id);
        if (batch == null || batch.isForgotten()) {
            unknownBatch(exchange, id);
            return;
        }
        Batch.State state = batch.statusNow().state();
        if (state == Batch.State.FAILED) {
            JsonResponses.sendError(exchange, 409, "batch_failed", "batch " + id + " failed: " + batch.failure());
            return;
        }
        if (state != Batch.State.COMPLETED && !state.hasPartialOutput()) {
            JsonResponses.sendError(exchange, 409, "batch_not_completed",
                    "batch " + id + " is " + state.wireName() + "; its output is available once it is completed");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", JSONL_TYPE);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), OUTPUT_BUFFER_BYTES)) {
            new OutputWriter().write(batch.itemsInOutput(state), config.faults().outputShaping(), out);
        }
    }

    private static void unknownBatch(HttpExchange exchange, String id) throws IOException {
        JsonResponses.sendError(exchange, 404, "not_found", "no batch with id '" + id + "'");
    }

    private static void notRouted(HttpExchange exchange, String path) throws IOException {
        if (path.startsWith(BATCHES)) {
            JsonResponses.sendError(exchange, 405, "method_not_allowed",
                    exchange.getRequestMethod() + " is not supported on " + path);
        } else {
            JsonResponses.sendError(exchange, 404, "not_found", "no such endpoint: " + path);
        }
    }

    static RequestCounts.Endpoint endpointOf(String method, String path) {
        if (path.equals(BATCHES) || path.equals(BATCHES + "/")) {
            return "POST".equals(method) ? RequestCounts.Endpoint.SUBMIT : RequestCounts.Endpoint.OTHER;
        }
        if (!"GET".equals(method) || !path.startsWith(BATCHES + "/")) {
            return RequestCounts.Endpoint.OTHER;
        }
        String rest = path.substring(BATCHES.length() + 1);
        if (rest.endsWith(OUTPUT_SUFFIX) && rest.indexOf('/') == rest.length() - OUTPUT_SUFFIX.length()
                && rest.length() > OUTPUT_SUFFIX.length()) {
            return RequestCounts.Endpoint.OUTPUT;
        }
        return !rest.isEmpty() && rest.indexOf('/') < 0 ? RequestCounts.Endpoint.STATUS : RequestCounts.Endpoint.OTHER;
    }

    private static String batchId(String path, boolean output) {
        String rest = path.substring(BATCHES.length() + 1);
        return output ? rest.substring(0, rest.length() - OUTPUT_SUFFIX.length()) : rest;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
