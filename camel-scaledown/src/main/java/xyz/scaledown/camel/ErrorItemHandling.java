package xyz.scaledown.camel;

/**
 * What the results consumer does with a result item whose {@code error} is set.
 */
public enum ErrorItemHandling {
    /** Emit it through the route like any other item, with the error headers set: the route decides. */
    route,
    /**
     * Hand it to the consumer's exception handler as a {@code ScaleDownItemFailedException}; with
     * {@code bridgeErrorHandler=true} that is the route's error handler (onException, dead letter channel).
     */
    exception
}
