package xyz.scaledown.camel.observe;

import java.time.Duration;

import xyz.scaledown.camel.ScaleDownException;

/**
 * Times one HTTP call and reports how it ended to an observer, once.
 */
public final class ApiCallTimer {

    private final ScaleDownObserver observer;
    private final String operation;
    private final long startedNanos = System.nanoTime();

    private ApiCallTimer(ScaleDownObserver observer, String operation) {
        this.observer = observer;
        this.operation = operation;
    }

    public static ApiCallTimer start(ScaleDownObserver observer, String operation) {
        return new ApiCallTimer(observer, operation);
    }

    /** The API answered with this status; returns it. */
    public int answered(int httpStatus) {
        observer.apiCallFinished(operation, ApiCallOutcome.of(httpStatus), httpStatus, elapsed());
        return httpStatus;
    }

    /** The call got no answer; returns the failure to throw. */
    public ScaleDownException failed(ScaleDownException failure) {
        observer.apiCallFinished(operation, ApiCallOutcome.of(failure), failure.getStatusCode(), elapsed());
        return failure;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
