package xyz.scaledown.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A bare JDK HttpClient conversation with a sandbox, for the tests. */
final class SandboxClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    SandboxClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    HttpResponse<String> submit(String jsonl) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/batches"))
                .header("Content-Type", "application/jsonl")
                .POST(HttpRequest.BodyPublishers.ofString(jsonl));
        return http.send(withKey(request).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        return http.send(withKey(request).build(), HttpResponse.BodyHandlers.ofString());
    }

    String submitOk(String jsonl) throws IOException, InterruptedException {
        HttpResponse<String> response = submit(jsonl);
        if (response.statusCode() != 200) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).get("batch_id").asText();
    }

    JsonNode status(String batchId) throws IOException, InterruptedException {
        return json(get("/v1/batches/" + batchId).body());
    }

    /** Polls until the batch is completed or failed. */
    JsonNode awaitDone(String batchId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = status(batchId);
            String state = status.get("status").asText();
            if (List.of("completed", "failed", "expired", "cancelled").contains(state)) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("batch " + batchId + " did not finish");
    }

    List<JsonNode> outputLines(String batchId) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/v1/batches/" + batchId + "/output");
        if (response.statusCode() != 200) {
            throw new AssertionError("output answered " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json(line));
            }
        }
        return lines;
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private HttpRequest.Builder withKey(HttpRequest.Builder request) {
        return apiKey == null ? request : request.header("x-api-key", apiKey);
    }

    /** One JSONL request line. */
    static String line(String customId, String model, String bodyFields) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"" + model + "\"" + (bodyFields.isEmpty() ? "" : "," + bodyFields) + "}}";
    }
}
