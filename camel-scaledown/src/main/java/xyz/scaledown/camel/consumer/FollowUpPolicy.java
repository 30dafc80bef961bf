package xyz.scaledown.camel.consumer;

import java.util.LinkedHashSet;
import java.util.Set;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownErrorCodes;
import xyz.scaledown.camel.model.BatchResultItem;

/**
 * Which items the API did not answer go into a follow-up batch: {@code maxAttempts} and the {@code resubmitOn} codes,
 * read and checked once when the consumer starts.
 */
record FollowUpPolicy(int maxAttempts, Set<String> codes) {

    static final FollowUpPolicy NONE = new FollowUpPolicy(1, Set.of());

    /**
     * @throws IllegalArgumentException when maxAttempts is below 1 or resubmitOn names a code it does not know
     */
    static FollowUpPolicy of(ScaleDownConfiguration configuration) {
        int maxAttempts = configuration.getMaxAttempts();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
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
        return new FollowUpPolicy(maxAttempts, Set.copyOf(codes));
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
