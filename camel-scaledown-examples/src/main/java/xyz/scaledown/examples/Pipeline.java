package xyz.scaledown.examples;

import java.util.Locale;

/** The three example pipelines; the lower-case name is what the routes and the report use. */
public enum Pipeline {
    FILES, QUEUE, DATABASE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pipeline of(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }
}
