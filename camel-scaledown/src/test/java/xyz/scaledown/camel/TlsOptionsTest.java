package xyz.scaledown.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import xyz.scaledown.camel.ScaleDownException;
import xyz.scaledown.camel.model.BatchStatus;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sslContextParameters option decides which servers the component trusts: a server certificate made for this test
 * is refused by the JVM's defaults and accepted with a trust store set through Camel's TLS parameters.
 */
class TlsOptionsTest {

    private static final String STORE_PASSWORD = "changeit";
    private static final Path KEY_STORE = selfSignedLocalhostKeyStore();

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort()
                    .keystorePath(KEY_STORE.toString()).keystorePassword(STORE_PASSWORD).keyManagerPassword(STORE_PASSWORD))
            .build();

    /** keytool, from the running JDK, makes a key pair whose certificate names localhost and 127.0.0.1. */
    private static Path selfSignedLocalhostKeyStore() {
        try {
            Path directory = Files.createTempDirectory("scaledown-tls");
            Path store = directory.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CamelContext contextWith(SSLContextParameters tls) throws Exception {
        CamelContext context = new DefaultCamelContext();
        ScaleDownComponent component = new ScaleDownComponent();
        component.setEnvironment(Map.<String, String> of()::get);
        component.getConfiguration().setSslContextParameters(tls);
        context.addComponent("scaledown", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:status").to("scaledown:status?batchId=b-tls&apiKey=tls-test-key&maxRetries=0&baseUrl="
                                         + "https://localhost:" + api.getRuntimeInfo().getHttpsPort());
            }
        });
        context.start();
        return context;
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() throws Exception {
        try (CamelContext context = contextWith(null)) {
            Exception e = assertThrows(Exception.class,
                    () -> context.createProducerTemplate().requestBody("direct:status", null, BatchStatus.class));
            ScaleDownException cause = assertInstanceOf(ScaleDownException.class, e.getCause());
            assertEquals(0, cause.getStatusCode());
            assertTrue(cause.getMessage().contains("SSLHandshakeException"), cause.getMessage());
        }
    }

    @Test
    void sslContextParametersDecideWhatIsTrusted() throws Exception {
        api.stubFor(get("/v1/batches/b-tls").willReturn(okJson("{\"batch_id\":\"b-tls\",\"status\":\"completed\"}")));
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + KEY_STORE);
        trustStore.setType("PKCS12");
        trustStore.setPassword(STORE_PASSWORD);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);

        try (CamelContext context = contextWith(tls)) {
            BatchStatus status = context.createProducerTemplate().requestBody("direct:status", null, BatchStatus.class);
            assertEquals("completed", status.status());
        }
    }
}
