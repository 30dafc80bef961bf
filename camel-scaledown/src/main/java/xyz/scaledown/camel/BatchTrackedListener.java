package xyz.scaledown.camel;

/**
 * A results consumer that wants to hear when a batch is tracked on the tracker it watches, so the batch's first
 * status call need not wait for the next scheduled poll.
 */
public interface BatchTrackedListener {

    void batchTracked();
}
