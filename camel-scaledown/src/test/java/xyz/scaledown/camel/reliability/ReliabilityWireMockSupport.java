package xyz.scaledown.camel.reliability;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

import xyz.scaledown.camel.WireMockCamelTestSupport;

/** The component tests' WireMock set-up, plus what the reliability tests read failures with. */
abstract class ReliabilityWireMockSupport extends WireMockCamelTestSupport {

    /** The messages of an exception and all its causes, one per line. */
    static String messageChain(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join("\n", messages);
    }

    static String failureOf(Exchange exchange) {
        Throwable error = exchange.getException();
        if (error == null) {
            throw new AssertionError("the exchange was expected to fail but did not; body " + exchange.getMessage().getBody());
        }
        return messageChain(error);
    }

    static String summaryLine(String customId) {
        return outputLine(customId, "summarize", "{\"summary\":\"short\",\"input_chars\":10,\"output_chars\":5}");
    }
}
