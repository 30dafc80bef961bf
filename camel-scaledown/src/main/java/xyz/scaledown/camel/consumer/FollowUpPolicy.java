package xyz.scaledown.camel.consumer;

import java.util.LinkedHashSet;
import java.util.Set;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.model.BatchResultItem;

/**
 * Which items the API did not answer go into a follow-up batch, and how many at most in one: {@code maxAttempts}, the
 * {@code resubmitOn} codes, {@code followUpMaxItems} and {@code followUpMaxBytes}, read and checked once when the
 * consumer starts.
 */
record FollowUpPolicy(int maxAttempts, Set<String> codes, int maxItems, long maxBytes) {

    /**
     * @throws IllegalArgumentException when maxAttempts, followUpMaxItems or followUpMaxBytes is below 1, or
     *                                  resubmitOn names a code it does not know
     */
    static FollowUpPolicy of(ScaleDownConfiguration configuration) {
        int maxAttempts = configuration.getMaxAttempts();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
        }
        if (configuration.getFollowUpMaxItems() < 1) {
            throw new IllegalArgumentException("followUpMaxItems must be at least 1 but was "
                                               + configuration.getFollowUpMaxItems());
        }
        if (configuration.getFollowUpMaxBytes() < 1) {
            throw new IllegalArgumentException("followUpMaxBytes must be at least 1 but was "
                                               + configuration.getFollowUpMaxBytes());
        }
        Set<String> codes = new LinkedHashSet<>();
        String resubmitOn = configuration.getResubmitOn();
        for (String code : resubmitOn == null ? new String[0] : resubmitOn.split(",")) {
            String trimmed = code.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!ScaleDownErrorCodes.RESUBMITTABLE.contains(trimmed)) {
                throw new IllegalArgumentException("resubmitOn names the unknown error code '" + trimmed
                        + "': expected a comma list of " + String.join(", ", ScaleDownErrorCodes.RESUBMITTABLE.stream()
                                .sorted().toList()));
            }
            codes.add(trimmed);
        }
        return new FollowUpPolicy(maxAttempts, Set.copyOf(codes), configuration.getFollowUpMaxItems(),
                configuration.getFollowUpMaxBytes());
    }

    /** Whether an item of attempt {@code attempt} that got {@code code} goes into a follow-up batch. */
    boolean resubmits(String code, int attempt) {
        return attempt < maxAttempts && codes.contains(code);
    }

    /** An error the API gave an item on its own, with a status a later attempt may not get (429, 5xx). */
    static boolean isRetryableItemError(BatchResultItem line) {
        return line.isError() && (line.statusCode() == 429 || line.statusCode() >= 500);
    }
}
