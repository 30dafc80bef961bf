package xyz.scaledown.camel;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A Camel test whose {@code scaledown} component talks to a WireMock server, with short retry delays and a
 * process environment of its own (no SCALEDOWN_API_KEY).
 */
public abstract class WireMockCamelTestSupport extends CamelTestSupport {

    protected static final String API_KEY = "fake.key.wiremock.0123456789.SECRET";

    @RegisterExtension
    protected static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(name -> null);
        configure(component.getConfiguration());
        context.addComponent("scaledown", component);
        return context;
    }

    protected void configure(ScaleDownConfiguration configuration) {
        configuration.setBaseUrl(api.baseUrl());
        configuration.setApiKey(API_KEY);
        configuration.setRetryInitialDelay(10);
        configuration.setRetryMaxDelay(50);
    }

    /** Waits (at most 10 s) for a condition the consumer thread makes true after the mocks were satisfied. */
    protected static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    protected static String outputLine(String customId, String model, String contentJson) {
        return "{\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":200,\"body\":{\"model\":\"" + model
               + "\",\"choices\":[{\"message\":{\"content\":" + quote(contentJson) + "}}]}},\"error\":null}";
    }

    protected static String errorLine(String customId, String code, String message) {
        return "{\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":422,\"body\":null},"
               + "\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    protected static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
