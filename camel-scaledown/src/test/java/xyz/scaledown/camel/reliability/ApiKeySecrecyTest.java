package xyz.scaledown.camel.reliability;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.URISupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownComponent;
import xyz.scaledown.camel.ScaleDownEndpoint;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API key never shows in logs (everything at TRACE), exception messages, endpoint URIs or toString, even when
 * the server echoes it; it is not sent over plain http to another host, nor along a redirect.
 */
class ApiKeySecrecyTest extends ReliabilityWireMockSupport {

    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("scaledown:submit");
                from("direct:status").to("scaledown:status?batchId=b-1&apiKey=RAW(" + API_KEY + ")");
                from("direct:output").to("scaledown:output?batchId=b-1");
            }
        };
    }

    @Test
    void aFullRunWithRetriesAndErrorsNeverShowsTheKey() {
        api.stubFor(post(urlEqualTo("/v1/batches")).inScenario("submit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"busy, key " + API_KEY + "\"}"))
                .willSetStateTo("second"));
        api.stubFor(post(urlEqualTo("/v1/batches")).inScenario("submit").whenScenarioStateIs("second")
                .willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"queued\",\"total_count\":1}")));
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).inScenario("status").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("answer"));
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).inScenario("status").whenScenarioStateIs("answer")
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "text/html")
                        .withBody("<html>invalid key " + API_KEY + "</html>")));
        api.stubFor(get(urlEqualTo("/v1/batches/b-1/output")).willReturn(aResponse().withStatus(200)
                .withBody(summaryLine("ok") + "\n{\"custom_id\":\"echo\",\"error\":{\"code\":\"x\",\"message\":\"m\"}}\n")));
        List<String> shown = new ArrayList<>();

        try (CapturedLog log = new CapturedLog(Level.TRACE, "xyz.scaledown", "org.apache.camel")) {
            template.request("direct:submit", e -> e.getIn().setBody("{\"model\":\"summarize\",\"text\":\"hello\"}"));
            Exchange status = template.request("direct:status", e -> { });
            shown.add(messageChain(status.getException()));
            template.requestBody("direct:output", null, List.class);
            for (Endpoint endpoint : context.getEndpoints()) {
                // getEndpointUri() is the raw URI Camel re-creates the endpoint from (it holds the key in every
                // component); what Camel shows of it (toString, JMX, route dumps) is the sanitized form
                shown.add(URISupport.sanitizeUri(endpoint.getEndpointUri()));
                shown.add(endpoint.getEndpointBaseUri());
                shown.add(endpoint.toString());
                if (endpoint instanceof ScaleDownEndpoint sd) {
                    shown.add(sd.getClient().settings().toString());
                }
            }
            shown.add(context.getRoutes().toString());
            shown.add(context.getEndpointRegistry().values().toString());
            shown.add(log.all());

            assertTrue(log.all().contains("retry 1/3"), "the retries were logged (the capture works)");
            assertTrue(shown.get(0).contains("HTTP 401"), shown.get(0));
        }
        for (String text : shown) {
            assertFalse(text.contains(API_KEY), "the key leaked in:\n" + text);
        }
        assertTrue(api.findAll(anyRequestedFor(anyUrl())).stream()
                .allMatch(request -> API_KEY.equals(request.getHeader("x-api-key"))), "the key was sent on every call");
    }

    @Test
    void aRedirectIsNotFollowedSoTheKeyStaysHome() {
        api.stubFor(get(urlEqualTo("/v1/batches/b-1")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", elsewhere.baseUrl() + "/v1/batches/b-1")));
        elsewhere.stubFor(get(urlEqualTo("/v1/batches/b-1"))
                .willReturn(okJson("{\"batch_id\":\"b-1\",\"status\":\"completed\"}")));

        Exchange result = template.request("direct:status", e -> { });

        assertTrue(messageChain(result.getException()).contains("HTTP 302"));
        assertEquals(0, elsewhere.findAll(anyRequestedFor(anyUrl())).size(), "the other server got no request");
        assertEquals(1, api.findAll(getRequestedFor(urlEqualTo("/v1/batches/b-1"))).size(), "a 3xx is not retried");
    }

    @Test
    void plainHttpToAnotherHostIsRefusedAtStartWithoutNamingTheKey() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("scaledown", new ScaleDownComponent());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:status").to("scaledown:status?batchId=b-1&baseUrl=http://api.example.com&apiKey=RAW("
                                         + API_KEY + ")");
            }
        });

        Exception failure = assertThrows(Exception.class, camel::start);

        String message = messageChain(failure);
        assertTrue(message.contains("http://") || message.contains("allowInsecureHttp"), message);
        assertFalse(message.contains(API_KEY), message);
        camel.close();
    }

    @Test
    void plainHttpToAnotherHostStartsWhenExplicitlyAllowed() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("scaledown", new ScaleDownComponent());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:status").to("scaledown:status?batchId=b-1&baseUrl=http://api.example.com"
                                             + "&allowInsecureHttp=true&apiKey=RAW(" + API_KEY + ")");
                }
            });

            camel.start();

            assertTrue(camel.isStarted());
        }
    }
}
