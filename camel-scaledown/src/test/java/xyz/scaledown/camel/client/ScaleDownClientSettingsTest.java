package xyz.scaledown.camel.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleDownClientSettingsTest {

    private static final String KEY = "sk-secret-123456";

    @Test
    void defaults() {
        ScaleDownClientSettings s = ScaleDownClientSettings.builder().apiKey(KEY).build();
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
                () -> ScaleDownClientSettings.builder().build());
        assertEquals("ScaleDown API key is missing: set the apiKey option or the SCALEDOWN_API_KEY environment variable",
                missing.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> ScaleDownClientSettings.builder().apiKey("  ").build());
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
        ScaleDownClientSettings allowed = ScaleDownClientSettings.builder().apiKey(KEY)
                .baseUrl("http://sandbox.internal:9000").allowInsecureHttp(true).build();
        assertEquals("http://sandbox.internal:9000", allowed.baseUrl());
    }

    @Test
    void notAnHttpUrlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings("ftp://api.example.com"));
        assertThrows(IllegalArgumentException.class, () -> settings("api.example.com"));
    }

    @Test
    void toStringShowsEverythingButTheKey() {
        ScaleDownClientSettings s = ScaleDownClientSettings.builder().apiKey(KEY).proxyHost("proxy").proxyPort(3128)
                .build();
        String text = s.toString();
        assertFalse(text.contains(KEY), text);
        assertTrue(text.contains("apiKey=******"), text);
        assertTrue(text.contains("baseUrl=https://api.scaledown.xyz"), text);
        assertTrue(text.contains("proxyHost=proxy") && text.contains("proxyPort=3128"), text);
    }

    @Test
    void outOfRangeOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScaleDownClientSettings.builder().apiKey(KEY).maxRetries(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ScaleDownClientSettings.builder().apiKey(KEY).retryJitter(1.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> ScaleDownClientSettings.builder().apiKey(KEY).retryMultiplier(0.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> ScaleDownClientSettings.builder().apiKey(KEY).connectTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> ScaleDownClientSettings.builder().apiKey(KEY).proxyHost("p").build());
    }

    private static ScaleDownClientSettings settings(String baseUrl) {
        return ScaleDownClientSettings.builder().apiKey(KEY).baseUrl(baseUrl).build();
    }
}
