package xyz.scaledown.camel;

import java.net.URI;
import java.util.Locale;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;

import xyz.scaledown.camel.client.ScaleDownClientSettings;

/**
 * Turns endpoint options and the environment into client settings: the one place that decides which base URL and
 * which API key an endpoint uses.
 */
final class ClientSettingsFactory {

    private final UnaryOperator<String> environment;

    ClientSettingsFactory(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    ScaleDownClientSettings create(ScaleDownConfiguration configuration, CamelContext camelContext) {
        String envBase = blankToNull(environment.apply(ScaleDownConfiguration.ENV_API_BASE));
        String baseUrl = firstNonBlank(configuration.getBaseUrl(), envBase, ScaleDownConfiguration.DEFAULT_BASE_URL);
        SSLContext sslContext = configuration.getSslContextParameters() == null ? null
                : sslContext(configuration, camelContext);
        return configuration.toClientSettings(baseUrl, resolveApiKey(configuration, baseUrl, envBase), sslContext);
    }

    /**
     * The explicit key, or the one from the environment where the environment allows it: a key from
     * SCALEDOWN_API_KEY only travels to the default host or to the SCALEDOWN_API_BASE host.
     */
    private String resolveApiKey(ScaleDownConfiguration configuration, String baseUrl, String envBase) {
        if (configuration.getApiKey() != null && !configuration.getApiKey().isBlank()) {
            return configuration.getApiKey();
        }
        String envKey = blankToNull(environment.apply(ScaleDownConfiguration.ENV_API_KEY));
        if (envKey == null) {
            return null; // the settings refuse a missing key, with the one message for it
        }
        String host = host(baseUrl);
        boolean trustedHost = host.equals(host(ScaleDownConfiguration.DEFAULT_BASE_URL))
                || envBase != null && host.equals(host(envBase));
        if (!trustedHost) {
            throw new IllegalArgumentException("ScaleDown API key for " + host + " is missing: the key in "
                                               + ScaleDownConfiguration.ENV_API_KEY + " is only sent to " + host(ScaleDownConfiguration.DEFAULT_BASE_URL)
                                               + " or the " + ScaleDownConfiguration.ENV_API_BASE + " host; set the apiKey option for this base URL");
        }
        return envKey;
    }

    private static SSLContext sslContext(ScaleDownConfiguration configuration, CamelContext camelContext) {
        try {
            return configuration.getSslContextParameters().createSSLContext(camelContext);
        } catch (Exception e) {
            throw new RuntimeCamelException("Cannot create the TLS context from sslContextParameters", e);
        }
    }

    private static String host(String url) {
        String host = URI.create(url.trim()).getHost();
        return host == null ? url : host.toLowerCase(Locale.ROOT);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (blankToNull(value) != null) {
                return value.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static ClientSettingsFactory fromSystemEnvironment() {
        return new ClientSettingsFactory(System::getenv);
    }
}
