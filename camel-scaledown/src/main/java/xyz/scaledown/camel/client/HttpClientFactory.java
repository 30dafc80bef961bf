package xyz.scaledown.camel.client;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/** Builds the Apache HttpClient 5 (classic) a {@link ScaleDownClient} talks through. */
final class HttpClientFactory {

    static final int MAX_CONNECTIONS = 20;

    private HttpClientFactory() {
    }

    static CloseableHttpClient create(ScaleDownClientSettings settings) {
        ConnectionConfig connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.requestTimeout()))
                // a pooled connection the server closed meanwhile would fail a non-idempotent submit: check it first
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build();
        ClientTlsStrategyBuilder tls = ClientTlsStrategyBuilder.create();
        if (settings.sslContext() != null) {
            tls.setSslContext(settings.sslContext());
        } else {
            tls.useSystemProperties();
        }
        PoolingHttpClientConnectionManager connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(connectionConfig)
                .setTlsSocketStrategy(tls.buildClassic())
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .build();
        RequestConfig requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.requestTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .build();
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(requestConfig)
                .disableAutomaticRetries()
                // a redirect would carry the key to wherever it points
                .disableRedirectHandling()
                .disableCookieManagement();
        if (settings.hasProxy()) {
            builder.setProxy(new HttpHost(settings.proxyHost(), settings.proxyPort()));
        }
        return builder.build();
    }
}
