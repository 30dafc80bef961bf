package xyz.scaledown.camel.client;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import xyz.scaledown.camel.ScaleDownConfiguration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownClientSettingsTest {

    private static final String KEY = "sk-secret-123456";

    @Test
    void theConfigurationsDefaultsBecomeTheSettingsInOneStep() {
        ScaleDownClientSettings s = new ScaleDownConfiguration().toClientSettings(null, KEY, null);
        assertEquals("https://api.scaledown.xyz", s.baseUrl());
        assertEquals(KEY, s.apiKey());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Duration.ofSeconds(60), s.requestTimeout());
        assertEquals(3, s.maxRetries());
        assertEquals(Duration.ofSeconds(2), s.retryInitialDelay());
        assertEquals(2.0, s.retryMultiplier());
        assertEquals(Duration.ofSeconds(60), s.retryMaxDelay());
        assertEquals(0.0, s.retryJitter());
        assertFalse(s.allowInsecureHttp());
        assertNull(s.proxyHost());
        assertEquals(0, s.proxyPort());
        assertNull(s.sslContext());
        assertEquals("camel-scaledown", s.userAgent());
    }

    @Test
    void missingOrBlankKeyIsRefusedWithTheDocumentedMessage() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new ScaleDownConfiguration().toClientSettings(null, null, null));
        assertEquals("ScaleDown API key is missing: set the apiKey option or the SCALEDOWN_API_KEY environment variable",
                missing.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> new ScaleDownConfiguration().toClientSettings(null, "  ", null));
        assertEquals(missing.getMessage(), blank.getMessage());
    }

    @Test
    void trailingSlashAndV1AreStripped() {
        assertEquals("https://api.example.com", settings("https://api.example.com/v1/").baseUrl());
        assertEquals("https://api.example.com", settings("https://api.example.com/v1").baseUrl());
        assertEquals("https://api.example.com", settings("https://api.example.com//").baseUrl());
        assertEquals("https://api.example.com/scaledown", settings("https://api.example.com/scaledown/v1").baseUrl());
    }

    @Test
    void plainHttpToARemoteHostIsRefusedNamingTheHostNotTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("http://api.example.com"));
        assertTrue(e.getMessage().contains("api.example.com"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void plainHttpIsAllowedToLoopbackOrWhenExplicitlyAllowed() {
        assertEquals("http://localhost:8080", settings("http://localhost:8080/v1").baseUrl());
        assertEquals("http://127.0.0.1:8080", settings("http://127.0.0.1:8080").baseUrl());
        assertEquals("http://[::1]:8080", settings("http://[::1]:8080").baseUrl());
        ScaleDownClientSettings allowed = settings("http://sandbox.internal:9000", o -> o.setAllowInsecureHttp(true));
        assertEquals("http://sandbox.internal:9000", allowed.baseUrl());
    }

    @Test
    void notAnHttpUrlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings("ftp://api.example.com"));
        assertThrows(IllegalArgumentException.class, () -> settings("api.example.com"));
    }

    @Test
    void toStringShowsEverythingButTheKey() {
        ScaleDownClientSettings s = settings(null, o -> {
            o.setProxyHost("proxy");
            o.setProxyPort(3128);
        });
        String text = s.toString();
        assertFalse(text.contains(KEY), text);
        assertTrue(text.contains("apiKey=******"), text);
        assertTrue(text.contains("baseUrl=https://api.scaledown.xyz"), text);
        assertTrue(text.contains("proxyHost=proxy") && text.contains("proxyPort=3128"), text);
    }

    @Test
    void aProxyHostWithoutPortUsesPort80() {
        assertEquals(80, settings(null, o -> o.setProxyHost("proxy")).proxyPort());
    }

    @Test
    void outOfRangeOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(null, o -> o.setMaxRetries(-1)));
        assertThrows(IllegalArgumentException.class, () -> settings(null, o -> o.setRetryJitter(1.5)));
        assertThrows(IllegalArgumentException.class, () -> settings(null, o -> o.setRetryMultiplier(0.5)));
        assertThrows(IllegalArgumentException.class, () -> settings(null, o -> o.setConnectTimeout(0)));
        assertThrows(IllegalArgumentException.class, () -> settings(null, o -> {
            o.setProxyHost("p");
            o.setProxyPort(70_000);
        }));
    }

    private static ScaleDownClientSettings settings(String baseUrl) {
        return settings(baseUrl, o -> {
        });
    }

    private static ScaleDownClientSettings settings(String baseUrl, Consumer<ScaleDownConfiguration> options) {
        ScaleDownConfiguration configuration = new ScaleDownConfiguration();
        options.accept(configuration);
        return configuration.toClientSettings(baseUrl, KEY, null);
    }
}
