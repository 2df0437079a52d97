package io.finbridge.inbound;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.util.Timeout;

/**
 * The camel-http client of the Stripe API routes, bound as {@code stripeHttp} ({@code httpClientConfigurer} and
 * {@code headerFilterStrategy} of their endpoints). The secret key goes on every request inside the HTTP client, so it
 * is never a Camel header that a trace, an error or a log could show. Only Stripe's own request headers leave the
 * exchange (an event's stored webhook headers stay home), and only the response headers the retries read come back.
 */
public final class StripeHttp implements HttpClientConfigurer, HeaderFilterStrategy {

    public static final String BEAN_NAME = "stripeHttp";
    /** Sent: the connected account a Connect platform acts for, and the API version the event was written in. */
    private static final Set<String> OUT = Set.of("stripe-account", "stripe-version");
    private static final Set<String> IN = Set.of("retry-after", "request-id", "stripe-should-retry");

    private final String apiKey;
    private final Duration timeout;

    /** {@code apiKey} may be null: then every request goes without one and {@link StripeApi} refuses to call. */
    public StripeHttp(String apiKey, Duration timeout) {
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (hasKey()) {
            String authorization = "Bearer " + apiKey;
            builder.addRequestInterceptorFirst((HttpRequestInterceptor) (request, entity, context) -> request.setHeader("Authorization", authorization));
        }
        // HttpClient would otherwise sleep through a 429's or 503's Retry-After itself, however long: the retries are
        // the route's (ApiRetries), which give a long wait back to the inbox
        builder.disableAutomaticRetries();
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build());
    }

    /** Camel header to HTTP request header: true drops it. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !OUT.contains(name.toLowerCase(Locale.ROOT));
    }

    /** HTTP response header to Camel header: true drops it. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !IN.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "StripeHttp[key " + (hasKey() ? "set" : "not set") + ", timeout " + timeout + "]";
    }
}
