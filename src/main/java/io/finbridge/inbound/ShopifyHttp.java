package io.finbridge.inbound;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.util.Timeout;

/**
 * The camel-http client of the Shopify Admin API routes, bound as {@code shopifyHttp}. Each shop has its own access
 * token: the route names the shop in {@value #SHOP} (not a secret), and the HTTP client swaps it for that shop's
 * {@code X-Shopify-Access-Token} on the way out, so a token is never a Camel header a trace, an error or a log could
 * show. Only that header leaves the exchange, and only the response headers the retries read come back.
 */
public final class ShopifyHttp implements HttpClientConfigurer, HeaderFilterStrategy {

    public static final String BEAN_NAME = "shopifyHttp";
    /** Request header the route sets to the shop's domain; replaced by the shop's token inside the HTTP client. */
    public static final String SHOP = "X-Finbridge-Shop";
    private static final Set<String> IN = Set.of("retry-after", "x-request-id", "x-shopify-shop-api-call-limit");

    private final Function<String, String> tokens;
    private final Duration timeout;

    /** {@code tokens}: a shop's domain to its access token, or null when none is set. */
    public ShopifyHttp(Function<String, String> tokens, Duration timeout) {
        this.tokens = tokens;
        this.timeout = timeout;
    }

    public boolean hasToken(String shop) {
        String t = token(shop);
        return t != null && !t.isBlank();
    }

    private String token(String shop) {
        return shop == null ? null : tokens.apply(shop.toLowerCase(Locale.ROOT));
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorFirst((HttpRequestInterceptor) (request, entity, context) -> {
            org.apache.hc.core5.http.Header shop = request.getFirstHeader(SHOP);
            request.removeHeaders(SHOP);
            String token = token(shop == null ? null : shop.getValue());
            if (token != null && !token.isBlank()) {
                request.setHeader("X-Shopify-Access-Token", token);
            }
        });
        // the retries are the route's (ApiRetries): a long Retry-After goes back to the inbox instead of blocking
        builder.disableAutomaticRetries();
        builder.setDefaultRequestConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build());
    }

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !SHOP.equalsIgnoreCase(name);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !IN.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "ShopifyHttp[timeout " + timeout + "]";
    }
}
