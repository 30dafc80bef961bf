package xyz.scaledown.camel;

import java.io.IOException;
import java.time.Duration;

/**
 * A call to the ScaleDown API failed: a non-2xx answer ({@link #getStatusCode()} and {@link #getResponseBody()}
 * tell which), an answer that could not be read, or an I/O error ({@link #getStatusCode()} is 0).
 * The message never contains the API key.
 */
public class ScaleDownException extends RuntimeException {

    /** The most of a response body kept on the exception. */
    public static final int MAX_BODY_CHARS = 64 * 1024;

    private final String operation;
    private final int statusCode;
    private final String responseBody;
    private final boolean retryable;
    private transient Duration retryAfter;

    /**
     * Retryable when the status is 5xx or 429, or when there was no HTTP answer and the cause is an
     * {@link IOException}.
     */
    public ScaleDownException(String operation, int statusCode, String responseBody, String message, Throwable cause) {
        this(operation, statusCode, responseBody, message, cause, isRetryableByDefault(statusCode, cause));
    }

    public ScaleDownException(String operation, int statusCode, String responseBody, String message, Throwable cause,
                              boolean retryable) {
        super(message, cause);
        this.operation = operation;
        this.statusCode = statusCode;
        this.responseBody = responseBody != null && responseBody.length() > MAX_BODY_CHARS
                ? responseBody.substring(0, MAX_BODY_CHARS) : responseBody;
        this.retryable = retryable;
    }

    /** The HTTP status code, or 0 when no HTTP answer was received. */
    public int getStatusCode() {
        return statusCode;
    }

    /** The response body (at most {@value #MAX_BODY_CHARS} characters, the API key masked), or null if there was none. */
    public String getResponseBody() {
        return responseBody;
    }

    /** {@code submit}, {@code status} or {@code output}. */
    public String getOperation() {
        return operation;
    }

    /** Whether repeating the same call may succeed and is safe (never true for a submit that may have been received). */
    public boolean isRetryable() {
        return retryable;
    }

    /** The wait the server asked for with {@code Retry-After}, or null. */
    /** How long the API asked to wait before trying again ({@code Retry-After}), or null when it did not say. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    /** Set by the client from the answer's {@code Retry-After}; returns this exception. */
    public ScaleDownException withRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    /** 5xx and 429 answers, and failures without an answer caused by an {@link IOException}. */
    public static boolean isRetryableByDefault(int statusCode, Throwable cause) {
        if (statusCode == 0) {
            return cause instanceof IOException;
        }
        return statusCode >= 500 || statusCode == 429;
    }
}
