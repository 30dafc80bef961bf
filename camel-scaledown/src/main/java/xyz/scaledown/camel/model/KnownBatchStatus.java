package xyz.scaledown.camel.model;

import java.util.Locale;

/**
 * The batch statuses the component knows. The published contract names {@code queued}, {@code processing},
 * {@code completed} and {@code failed}; the others are those batch APIs of this kind use, so the component neither
 * hangs nor misreads them should ScaleDown add them. {@link #UNKNOWN} stands for any other value: not terminal.
 */
public enum KnownBatchStatus {
    QUEUED,
    VALIDATING,
    IN_PROGRESS,
    PROCESSING,
    FINALIZING,
    CANCELLING,
    COMPLETED,
    FAILED,
    EXPIRED,
    /** {@code cancelled} or {@code canceled}. */
    CANCELLED,
    UNKNOWN;

    public static KnownBatchStatus of(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        String name = status.trim().toUpperCase(Locale.ROOT);
        if ("CANCELED".equals(name)) {
            return CANCELLED;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The batch will not change any more: its output, if any, is final. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    /** Terminal without having completed: items without an output line never get one. */
    public boolean isEndedEarly() {
        return this == FAILED || this == EXPIRED || this == CANCELLED;
    }
}
