package xyz.scaledown.camel.client;

import xyz.scaledown.camel.InvalidBatchItemException;
import xyz.scaledown.camel.ScaleDownException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLHandshakeException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;

import xyz.scaledown.camel.model.BatchItem;
import xyz.scaledown.camel.model.BatchStatus;
import xyz.scaledown.camel.model.BatchSubmission;
import xyz.scaledown.camel.observe.ApiCallTimer;
import xyz.scaledown.camel.observe.ScaleDownObserver;

/**
 * The HTTP conversation with the ScaleDown Batch API: submit a batch, ask for its status, stream its output.
 * Thread-safe; one instance per set of settings, closed when no longer needed.
 * <p>
 * 5xx, 429 and I/O errors are retried with exponential backoff (see {@link ScaleDownClientSettings}), except that a
 * submit is only repeated when the server certainly did not take it: on 5xx, 429, or a connection that was never
 * made. Any other non-2xx answer raises {@link ScaleDownException} at once.
 */
public final class ScaleDownClient implements AutoCloseable {

    static final String API_KEY_HEADER = "x-api-key";
    static final String BATCHES_PATH = "/v1/batches";
    static final String JSON = "application/json";
    static final String JSONL = "application/jsonl";
    static final int MAX_SUCCESS_BODY_BYTES = 1024 * 1024;

    private final ScaleDownClientSettings settings;
    private final CloseableHttpClient http;
    private final RetryPolicy retryPolicy;
    private final RetryPolicy singleTry;
    private final ObjectMapper mapper;
    private final OutputLineParser parser;
    private final ScaleDownObserver observer;

    public ScaleDownClient(ScaleDownClientSettings settings) {
        this(settings, Sleeper.THREAD);
    }

    /** A client that reports each call and retry to the observer. */
    public ScaleDownClient(ScaleDownClientSettings settings, ScaleDownObserver observer) {
        this(settings, RetryPolicy.from(settings, Sleeper.THREAD), observer);
    }

    ScaleDownClient(ScaleDownClientSettings settings, Sleeper sleeper) {
        this(settings, RetryPolicy.from(settings, sleeper));
    }

    ScaleDownClient(ScaleDownClientSettings settings, RetryPolicy retryPolicy) {
        this(settings, retryPolicy, ScaleDownObserver.NONE);
    }

    ScaleDownClient(ScaleDownClientSettings settings, RetryPolicy retryPolicy, ScaleDownObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.retryPolicy = retryPolicy.observedBy(observer);
        this.singleTry = retryPolicy.withoutRetries();
        this.mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.parser = new OutputLineParser(mapper);
        this.http = HttpClientFactory.create(settings);
    }

    /** The settings this client was built with (the key included: do not log them other than by toString). */
    public ScaleDownClientSettings settings() {
        return settings;
    }

    /**
     * Validates the items ({@link BatchItemValidator}), then sends them as one batch.
     *
     * @throws InvalidBatchItemException before any HTTP call, for the first bad item
     * @throws ScaleDownException        when the API refused the batch or could not be reached; when it has status
     *                                   code 0 and is not retryable, the batch may or may not have been created
     */
    public BatchSubmission submit(List<? extends BatchItem> items) {
        return submit(BatchBody.validated(items));
    }

    /**
     * Sends a body whose items were already validated (see {@link BatchBody#validated(List)}) as one batch.
     *
     * @throws ScaleDownException as {@link #submit(List)}
     */
    public BatchSubmission submit(BatchBody body) {
        String description = "submit call (" + body.itemCount() + " items)";
        return retryPolicy.execute(description, () -> {
            HttpPost post = new HttpPost(settings.baseUrl() + BATCHES_PATH);
            addHeaders(post, JSON);
            post.setEntity(new JsonlBatchEntity(body));
            BatchSubmission submission = readJson("submit", "", post, BatchSubmission.class);
            if (submission.batchId() == null || submission.batchId().isBlank()) {
                throw failure("submit", 200, null, "ScaleDown submit failed: the answer carries no batch_id", null,
                        false);
            }
            return submission;
        });
    }

    /** The status of a batch; fields the API adds are kept in {@link BatchStatus#additionalFields()}. */
    public BatchStatus status(String batchId) {
        return status(batchId, retryPolicy);
    }

    /**
     * The status of a batch in a single call, never retried here: for a caller that waits out its own back-off
     * ({@link #retryDelay}) instead of sleeping the calling thread.
     */
    public BatchStatus statusOnce(String batchId) {
        return status(batchId, singleTry);
    }

    private BatchStatus status(String batchId, RetryPolicy policy) {
        String path = batchPath(batchId);
        return policy.execute("status call for batch " + batchId, () -> {
            HttpGet get = new HttpGet(settings.baseUrl() + path);
            addHeaders(get, JSON);
            return readJson("status", forBatch(batchId), get, BatchStatus.class);
        });
    }

    /**
     * Opens the output of a batch and reads it lazily, line by line. The call is retried as long as no line was
     * handed out yet; a failure later surfaces from {@link BatchOutput#hasNext()} / {@link BatchOutput#next()}.
     * Close the result to release the connection.
     */
    public BatchOutput output(String batchId) {
        return output(batchId, retryPolicy);
    }

    /** {@link #output(String)} in a single call, never retried here (see {@link #statusOnce}). */
    public BatchOutput outputOnce(String batchId) {
        return output(batchId, singleTry);
    }

    private BatchOutput output(String batchId, RetryPolicy policy) {
        String path = batchPath(batchId) + "/output";
        return policy.execute("output call for batch " + batchId, () -> {
            HttpGet get = new HttpGet(settings.baseUrl() + path);
            addHeaders(get, JSONL + ", " + JSON);
            ClassicHttpResponse response = send("output", forBatch(batchId), get, true);
            try {
                StreamingBatchOutput output = new StreamingBatchOutput(response, parser, batchId, this::maskKey);
                output.readFirst();
                return output;
            } catch (IOException e) {
                closeQuietly(response);
                throw ioFailure("output", forBatch(batchId), e, true);
            }
        });
    }

    /**
     * How long to wait before trying again after {@code failuresInARow} failed calls, the last being
     * {@code failure}: the server's {@code Retry-After} if it gave one, else the retry back-off of these settings.
     */
    public Duration retryDelay(int failuresInARow, ScaleDownException failure) {
        return retryPolicy.delayBefore(Math.max(1, failuresInARow), failure == null ? null : failure.getRetryAfter());
    }

    /** The text with the API key masked, should it contain it (an answer that echoes the key, say). */
    public String maskKey(String text) {
        return ResponseBodies.mask(text, settings.apiKey());
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private <T> T readJson(String operation, String target, HttpUriRequestBase request, Class<T> type) {
        boolean idempotent = !"submit".equals(operation);
        ClassicHttpResponse response = send(operation, target, request, idempotent);
        String body;
        try (response) {
            body = ResponseBodies.read(response.getEntity(), MAX_SUCCESS_BODY_BYTES);
        } catch (IOException e) {
            throw ioFailure(operation, target, e, idempotent);
        }
        try {
            T value = body == null ? null : mapper.readValue(body, type);
            if (value == null) {
                throw failure(operation, response.getCode(), body, prefix(operation, target) + "HTTP "
                        + response.getCode() + " with an empty body", null, false);
            }
            return value;
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body, so it is not kept as the cause: the key could be in it
            throw failure(operation, response.getCode(), body, prefix(operation, target) + "HTTP "
                    + response.getCode() + " but the answer is not the expected JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "): "
                    + ResponseBodies.describe(body, mapper, settings.apiKey()), null, false);
        }
    }

    /** Sends the request; returns a 2xx response still open, or throws for anything else. */
    private ClassicHttpResponse send(String operation, String target, HttpUriRequestBase request, boolean idempotent) {
        ClassicHttpResponse response;
        ApiCallTimer call = ApiCallTimer.start(observer, operation);
        try {
            response = http.executeOpen(null, request, null);
        } catch (IOException e) {
            throw call.failed(ioFailure(operation, target, e, idempotent));
        }
        int code = call.answered(response.getCode());
        if (code >= 200 && code < 300) {
            return response;
        }
        String body = null;
        try (response) {
            body = ResponseBodies.read(response.getEntity(), ResponseBodies.MAX_BODY_BYTES);
        } catch (IOException e) {
            // the status says enough; the body is a courtesy
        }
        ScaleDownException failure = failure(operation, code, body, prefix(operation, target) + "HTTP " + code + ": "
                + ResponseBodies.describe(body, mapper, settings.apiKey()), null,
                ScaleDownException.isRetryableByDefault(code, null));
        Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        if (retryAfter != null && failure.isRetryable()) {
            failure.withRetryAfter(retryPolicy.parseRetryAfter(retryAfter.getValue()));
        }
        throw failure;
    }

    private ScaleDownException ioFailure(String operation, String target, IOException e, boolean idempotent) {
        String what = e.getClass().getSimpleName() + ": " + ResponseBodies.mask(e.getMessage(), settings.apiKey());
        if (idempotent || nothingWasSent(e)) {
            return failure(operation, 0, null, prefix(operation, target) + "I/O error: " + what, e, true);
        }
        return failure(operation, 0, null, prefix(operation, target) + "I/O error after the request was sent ("
                + what + "); the batch may or may not have been created, check before submitting again", e, false);
    }

    /**
     * Every {@link ScaleDownException} of the client is made here, so none holds the API key: an API that echoes it
     * (a 401 page, an unreadable 2xx) must not hand it on to whoever logs the exception or reads its body.
     */
    private ScaleDownException failure(String operation, int code, String body, String message, Throwable cause,
                                       boolean retryable) {
        return new ScaleDownException(operation, code, maskKey(body), maskKey(message), cause, retryable);
    }

    /** True for failures that happen before a byte of the request reaches the server. */
    static boolean nothingWasSent(IOException e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
               || e instanceof UnknownHostException || e instanceof NoRouteToHostException
               || e instanceof SSLHandshakeException
               || e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException;
    }

    private void addHeaders(HttpUriRequestBase request, String accept) {
        request.setHeader(API_KEY_HEADER, settings.apiKey());
        request.setHeader(HttpHeaders.ACCEPT, accept);
        request.setHeader(HttpHeaders.USER_AGENT, settings.userAgent());
    }

    private static String batchPath(String batchId) {
        if (batchId == null || batchId.isBlank()) {
            throw new IllegalArgumentException("a batch id is required");
        }
        return BATCHES_PATH + "/" + URLEncoder.encode(batchId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String forBatch(String batchId) {
        return " for batch '" + batchId + "'";
    }

    private static String prefix(String operation, String target) {
        return "ScaleDown " + operation + " failed" + target + ": ";
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            // already broken
        }
    }
}
