package xyz.scaledown.camel;

import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.BatchStatus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The HTTP options as a Camel user sets them in the URI: a proxy and the request timeout.
 */
class ProxyAndTimeoutOptionsTest {

    @RegisterExtension
    static WireMockExtension proxy = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static CamelContext contextWith(String uri) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(Map.<String, String> of()::get);
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:status").to(uri);
            }
        });
        context.start();
        return context;
    }

    @Test
    void callsGoThroughTheConfiguredProxy() throws Exception {
        proxy.stubFor(get("/v1/batches/b-p").willReturn(okJson("{\"batch_id\":\"b-p\",\"status\":\"queued\"}")));
        // nothing listens on the API's own address: only the proxy can answer
        String uri = "scaledown:status?batchId=b-p&apiKey=k&baseUrl=http://127.0.0.1:9&proxyHost=127.0.0.1&proxyPort="
                     + proxy.getPort() + "&maxRetries=0";
        try (CamelContext context = contextWith(uri)) {
            BatchStatus status = context.createProducerTemplate().requestBody("direct:status", null, BatchStatus.class);

            assertEquals("queued", status.status());
            assertEquals("127.0.0.1:9", proxy.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-p"))).get(0).getHeader("Host"));
        }
    }

    @Test
    void anAnswerSlowerThanRequestTimeoutFailsTheCallAfterTheRetries() throws Exception {
        proxy.stubFor(get("/v1/batches/b-slow").willReturn(aResponse().withFixedDelay(1_000)
                .withHeader("Content-Type", "application/json").withBody("{\"batch_id\":\"b-slow\",\"status\":\"queued\"}")));
        String uri = "scaledown:status?batchId=b-slow&apiKey=k&baseUrl=" + proxy.baseUrl()
                     + "&requestTimeout=100&maxRetries=1&retryInitialDelay=10";
        try (CamelContext context = contextWith(uri)) {
            Exception e = assertThrows(Exception.class,
                    () -> context.createProducerTemplate().requestBody("direct:status", null, BatchStatus.class));

            ScaleDownException cause = assertInstanceOf(ScaleDownException.class, e.getCause());
            assertEquals(0, cause.getStatusCode());
            assertEquals(2, proxy.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-slow"))).size());
        }
    }
}
