package xyz.scaledown.camel.reliability;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownConfiguration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A Camel test whose {@code scaledown} component talks to WireMock with a known key and short retry delays. */
abstract class ReliabilityWireMockSupport extends CamelTestSupport {

    static final String API_KEY = "sk-reliability-7f3a9c1e5b2d4086KEY";

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        ScaleDownConfiguration configuration = component.getConfiguration();
        configuration.setBaseUrl(api.baseUrl());
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
        context.addComponent("scaledown", component);
        return context;
    }

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

    static String outputLine(String customId, String model, String contentJson) {
        return "{\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":200,\"body\":{\"model\":\"" + model
               + "\",\"choices\":[{\"message\":{\"content\":" + quote(contentJson) + "}}]}},\"error\":null}";
    }

    static String summaryLine(String customId) {
        return outputLine(customId, "summarize", "{\"summary\":\"short\",\"input_chars\":10,\"output_chars\":5}");
    }

    static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
