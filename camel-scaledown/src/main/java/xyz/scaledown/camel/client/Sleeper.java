package xyz.scaledown.camel.client;

import java.time.Duration;

/** Waits between retries; replaced in tests so they do not wait real seconds. */
@FunctionalInterface
interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
