package xyz.scaledown.camel;

/**
 * What a {@code scaledown:} endpoint does: the first three are producer operations, {@code results} is the
 * polling consumer.
 */
public enum ScaleDownOperation {
    submit,
    status,
    output,
    results
}
