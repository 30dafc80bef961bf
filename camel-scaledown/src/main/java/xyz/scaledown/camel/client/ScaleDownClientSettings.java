package xyz.scaledown.camel.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLContext;

/**
 * How a {@link ScaleDownClient} reaches the ScaleDown API: the endpoint's options, checked and normalised once.
 * Built in one step from {@code ScaleDownConfiguration#toClientSettings}, which holds every default. The API key is
 * never part of {@link #toString()}.
 *
 * @param baseUrl        the base URL; a trailing {@code /} or {@code /v1} is stripped
 * @param requestTimeout how long to wait for the answer (response timeout and socket read timeout)
 * @param retryMaxDelay  caps both the computed backoff and a server's {@code Retry-After}
 * @param retryJitter    the share (0..1) of each delay that is randomised up or down
 * @param proxyHost      the HTTP proxy host, or null
 * @param sslContext     the TLS context to use, or null for the JVM default
 */
public record ScaleDownClientSettings(
        String baseUrl,
        String apiKey,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryInitialDelay,
        double retryMultiplier,
        Duration retryMaxDelay,
        double retryJitter,
        boolean allowInsecureHttp,
        String proxyHost,
        int proxyPort,
        SSLContext sslContext) {

    public static final String DEFAULT_BASE_URL = "https://api.scaledown.xyz";
    public static final String USER_AGENT = "camel-scaledown";
    static final String MISSING_KEY_MESSAGE
            = "ScaleDown API key is missing: set the apiKey option or the SCALEDOWN_API_KEY environment variable";

    /**
     * @throws IllegalArgumentException when the key is missing, an option is out of range, or the base URL is
     *                                  plain http to a host other than loopback without {@code allowInsecureHttp}
     */
    public ScaleDownClientSettings {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException(MISSING_KEY_MESSAGE);
        }
        apiKey = apiKey.strip();
        baseUrl = normaliseBaseUrl(baseUrl);
        checkTransport(baseUrl, allowInsecureHttp);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        requireNotNegative("retryInitialDelay", retryInitialDelay);
        requireNotNegative("retryMaxDelay", retryMaxDelay);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (!(retryMultiplier >= 1.0)) {
            throw new IllegalArgumentException("retryMultiplier must be >= 1.0, was " + retryMultiplier);
        }
        if (!(retryJitter >= 0.0 && retryJitter <= 1.0)) {
            throw new IllegalArgumentException("retryJitter must be between 0 and 1, was " + retryJitter);
        }
        if (proxyHost != null && proxyHost.isBlank()) {
            proxyHost = null;
        }
        if (proxyPort < 0 || proxyPort > 65535 || (proxyHost != null && proxyPort == 0)) {
            throw new IllegalArgumentException("proxyPort must be 1..65535 when proxyHost is set, was " + proxyPort);
        }
    }

    public String userAgent() {
        return USER_AGENT;
    }

    public boolean hasProxy() {
        return proxyHost != null && proxyPort > 0;
    }

    @Override
    public String toString() {
        return "ScaleDownClientSettings[baseUrl=" + baseUrl
               + ", apiKey=******"
               + ", connectTimeout=" + connectTimeout
               + ", requestTimeout=" + requestTimeout
               + ", maxRetries=" + maxRetries
               + ", retryInitialDelay=" + retryInitialDelay
               + ", retryMultiplier=" + retryMultiplier
               + ", retryMaxDelay=" + retryMaxDelay
               + ", retryJitter=" + retryJitter
               + ", allowInsecureHttp=" + allowInsecureHttp
               + ", proxyHost=" + proxyHost
               + ", proxyPort=" + proxyPort
               + ", sslContext=" + (sslContext == null ? "default" : sslContext.getProtocol()) + "]";
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    static String normaliseBaseUrl(String url) {
        String value = url == null || url.isBlank() ? DEFAULT_BASE_URL : url.strip();
        value = stripTrailingSlashes(value);
        if (value.toLowerCase(Locale.ROOT).endsWith("/v1")) {
            value = stripTrailingSlashes(value.substring(0, value.length() - 3));
        }
        return value;
    }

    private static String stripTrailingSlashes(String value) {
        String result = value;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static void checkTransport(String baseUrl, boolean allowInsecureHttp) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl '" + baseUrl + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl '" + baseUrl + "' must be an http or https URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not carry user info; set the apiKey option instead");
        }
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("refusing plain http to host '" + uri.getHost()
                                               + "': the API key would travel unencrypted; use https or set allowInsecureHttp=true");
        }
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        // only IP literals are resolved here: a name lookup must not decide whether the key may travel in clear
        if (!h.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
