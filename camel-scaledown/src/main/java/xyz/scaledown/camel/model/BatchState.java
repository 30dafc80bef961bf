package xyz.scaledown.camel.model;

import java.util.Locale;

/**
 * The documented batch statuses; {@link #UNKNOWN} stands for any value the API adds later.
 */
public enum BatchState {
    QUEUED,
    PROCESSING,
    COMPLETED,
    FAILED,
    UNKNOWN;

    public static BatchState of(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }
}
