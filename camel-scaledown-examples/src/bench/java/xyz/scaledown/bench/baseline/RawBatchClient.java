package xyz.scaledown.bench.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import xyz.scaledown.bench.data.BatchRange;
import xyz.scaledown.bench.data.JsonlBodyStream;

/** The least a client of the Batch API needs, on the JDK's HttpClient: no retries, no validation, no Camel. */
public final class RawBatchClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String baseUrl;
    private final String apiKey;

    public RawBatchClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** Streams the batch's request lines to {@code POST /v1/batches}; returns the batch id. */
    public String submit(BatchRange range) throws IOException, InterruptedException {
        HttpRequest request = request("/v1/batches").header("Content-Type", "application/jsonl")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new JsonlBodyStream(range))).build();
        return json(send(request, HttpResponse.BodyHandlers.ofString()).body()).path("batch_id").asText();
    }

    public String status(String batchId) throws IOException, InterruptedException {
        HttpRequest request = request("/v1/batches/" + batchId).GET().build();
        return json(send(request, HttpResponse.BodyHandlers.ofString()).body()).path("status").asText();
    }

    /** The output as a stream: read it line by line and close it. */
    public InputStream openOutput(String batchId) throws IOException, InterruptedException {
        return send(outputRequest(batchId), HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    /** The whole output in one string, as the provider's example clients read it. */
    public String readOutput(String batchId) throws IOException, InterruptedException {
        return send(outputRequest(batchId), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest outputRequest(String batchId) {
        return request("/v1/batches/" + batchId + "/output").GET().build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("x-api-key", apiKey)
                .timeout(Duration.ofMinutes(10));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<T> response = http.send(request, handler);
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered HTTP " + response.statusCode()
                    + ": " + response.body());
        }
        return response;
    }

    private JsonNode json(String body) throws IOException {
        return mapper.readTree(body);
    }
}
