package xyz.scaledown.camel.producer;

import org.apache.camel.Exchange;

import xyz.scaledown.camel.ScaleDownConfiguration;
import xyz.scaledown.camel.ScaleDownConstants;
import xyz.scaledown.camel.model.BatchSubmission;

/**
 * Finds the batch id status and output work on: the CamelScaleDownBatchId header, the endpoint's batchId option,
 * a BatchSubmission body, or a text body, in that order (Camel's rule: a header overrides the option).
 */
final class BatchIdResolver {

    private BatchIdResolver() {
    }

    static String resolve(ScaleDownConfiguration configuration, Exchange exchange, String operation) {
        String header = exchange.getMessage().getHeader(ScaleDownConstants.BATCH_ID, String.class);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        if (configuration.getBatchId() != null && !configuration.getBatchId().isBlank()) {
            return configuration.getBatchId();
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof BatchSubmission submission && submission.batchId() != null) {
            return submission.batchId();
        }
        if (body instanceof CharSequence text && !text.toString().isBlank()) {
            return text.toString().trim();
        }
        throw new IllegalArgumentException("ScaleDown " + operation + " needs a batch id: set the "
                                           + ScaleDownConstants.BATCH_ID + " header, the batchId option, or a text body");
    }
}
