package xyz.scaledown.camel.observe;

import xyz.scaledown.camel.ScaleDownException;

/**
 * How one API call ended, as the {@code outcome} tag of the call metrics and in the health details.
 */
public enum ApiCallOutcome {

    /** A 2xx answer. */
    success,
    /** 401 or 403: the API refused the key. */
    unauthorized,
    /** Any other 4xx but 429: the request itself is wrong, a retry will not fix it. */
    client_error,
    /** 5xx or 429: the API could not answer now, a retry may. */
    server_error,
    /** No HTTP answer: connection refused, reset, timed out. */
    io_error;

    public static ApiCallOutcome of(int httpStatus) {
        if (httpStatus == 0) {
            return io_error;
        }
        if (httpStatus >= 200 && httpStatus < 300) {
            return success;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return unauthorized;
        }
        return httpStatus >= 500 || httpStatus == 429 ? server_error : client_error;
    }

    public static ApiCallOutcome of(ScaleDownException failure) {
        return of(failure.getStatusCode());
    }
}
