package xyz.scaledown.bench.baseline;

/**
 * One output line as the hand-written client parses it.
 *
 * @param content the typed content ({@link Summary}, {@link Extraction}, {@link Classification}); null on error
 */
public record ParsedResult(String customId, String model, int statusCode, Object content, String errorCode,
        String errorMessage) {
}
