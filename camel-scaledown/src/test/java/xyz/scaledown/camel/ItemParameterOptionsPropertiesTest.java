package xyz.scaledown.camel;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The item parameters from a properties file read by Camel Main ({@code camel.component.scaledown.*}), as component
 * options every endpoint starts from.
 */
class ItemParameterOptionsPropertiesTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void componentOptionsFromAPropertiesFileReachThePlainTextItem(@TempDir Path dir) throws Exception {
        api.stubFor(post("/v1/batches").willReturn(okJson("{\"batch_id\":\"b-p\",\"status\":\"queued\",\"total_count\":1}")));
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, """
                camel.component.scaledown.baseUrl = %s
                camel.component.scaledown.apiKey = fake.key.properties.0123456789
                camel.component.scaledown.trackSubmitted = false
                camel.component.scaledown.model = summarize
                camel.component.scaledown.instructions = In one line
                camel.component.scaledown.maxTokens = 120
                """.formatted(api.baseUrl()));

        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("scaledown:submit");
            }
        });
        main.start();
        try {
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            template.sendBody("direct:in", "A long contract about many things.");
        } finally {
            main.stop();
        }

        String line = api.findAll(postRequestedFor(urlEqualTo("/v1/batches"))).get(0).getBodyAsString();
        JsonNode body = new ObjectMapper().readTree(line).path("body");
        assertEquals("summarize", body.path("model").asText());
        assertEquals("In one line", body.path("instructions").asText());
        assertEquals(120, body.path("max_tokens").asInt());
    }
}
