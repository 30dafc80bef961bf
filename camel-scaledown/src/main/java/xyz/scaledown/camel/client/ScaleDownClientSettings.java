package xyz.scaledown.camel.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * How a {@link ScaleDownClient} reaches the ScaleDown API. Immutable; built with {@link #builder()}.
 * The API key is never part of {@link #toString()}.
 */
public final class ScaleDownClientSettings {

    public static final String DEFAULT_BASE_URL = "https://api.scaledown.xyz";
    static final String MISSING_KEY_MESSAGE
            = "ScaleDown API key is missing: set the apiKey option or the SCALEDOWN_API_KEY environment variable";

    private final String baseUrl;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryInitialDelay;
    private final double retryMultiplier;
    private final Duration retryMaxDelay;
    private final double retryJitter;
    private final boolean allowInsecureHttp;
    private final String proxyHost;
    private final int proxyPort;
    private final SSLContext sslContext;
    private final String userAgent;

    private ScaleDownClientSettings(Builder b) {
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryInitialDelay = b.retryInitialDelay;
        this.retryMultiplier = b.retryMultiplier;
        this.retryMaxDelay = b.retryMaxDelay;
        this.retryJitter = b.retryJitter;
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.proxyHost = b.proxyHost;
        this.proxyPort = b.proxyPort;
        this.sslContext = b.sslContext;
        this.userAgent = b.userAgent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL without trailing {@code /} or {@code /v1}, e.g. {@code https://api.scaledown.xyz}. */
    public String baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return apiKey;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for the answer (response timeout and socket read timeout). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration retryInitialDelay() {
        return retryInitialDelay;
    }

    public double retryMultiplier() {
        return retryMultiplier;
    }

    /** Caps both the computed backoff and a server's {@code Retry-After}. */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /** The share (0..1) of each delay that is randomised up or down. */
    public double retryJitter() {
        return retryJitter;
    }

    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    public String proxyHost() {
        return proxyHost;
    }

    public int proxyPort() {
        return proxyPort;
    }

    /** The TLS context to use, or null for the JVM default. */
    public SSLContext sslContext() {
        return sslContext;
    }

    public String userAgent() {
        return userAgent;
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
               + ", sslContext=" + (sslContext == null ? "default" : sslContext.getProtocol())
               + ", userAgent=" + userAgent + "]";
    }

    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKey;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxRetries = 3;
        private Duration retryInitialDelay = Duration.ofSeconds(2);
        private double retryMultiplier = 2.0;
        private Duration retryMaxDelay = Duration.ofSeconds(60);
        private double retryJitter;
        private boolean allowInsecureHttp;
        private String proxyHost;
        private int proxyPort;
        private SSLContext sslContext;
        private String userAgent = "camel-scaledown";

        private Builder() {
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryInitialDelay(Duration retryInitialDelay) {
            this.retryInitialDelay = retryInitialDelay;
            return this;
        }

        public Builder retryMultiplier(double retryMultiplier) {
            this.retryMultiplier = retryMultiplier;
            return this;
        }

        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = retryMaxDelay;
            return this;
        }

        public Builder retryJitter(double retryJitter) {
            this.retryJitter = retryJitter;
            return this;
        }

        public Builder allowInsecureHttp(boolean allowInsecureHttp) {
            this.allowInsecureHttp = allowInsecureHttp;
            return this;
        }

        public Builder proxyHost(String proxyHost) {
            this.proxyHost = proxyHost;
            return this;
        }

        public Builder proxyPort(int proxyPort) {
            this.proxyPort = proxyPort;
            return this;
        }

        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the key is missing, an option is out of range, or the base URL is
         *                                  plain http to a host other than loopback without {@code allowInsecureHttp}
         */
        public ScaleDownClientSettings build() {
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
            if (userAgent == null || userAgent.isBlank()) {
                userAgent = "camel-scaledown";
            }
            return new ScaleDownClientSettings(this);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleDownClientSettings s && baseUrl.equals(s.baseUrl) && apiKey.equals(s.apiKey)
                && connectTimeout.equals(s.connectTimeout) && requestTimeout.equals(s.requestTimeout)
                && maxRetries == s.maxRetries && retryInitialDelay.equals(s.retryInitialDelay)
                && retryMultiplier == s.retryMultiplier && retryMaxDelay.equals(s.retryMaxDelay)
                && retryJitter == s.retryJitter && allowInsecureHttp == s.allowInsecureHttp
                && Objects.equals(proxyHost, s.proxyHost) && proxyPort == s.proxyPort
                && sslContext == s.sslContext && userAgent.equals(s.userAgent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseUrl, connectTimeout, requestTimeout, maxRetries, retryInitialDelay, proxyHost, proxyPort);
    }
}
