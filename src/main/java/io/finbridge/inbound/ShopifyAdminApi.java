package io.finbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Settings;
import io.finbridge.store.Columns;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Bound as {@code shopifyAdmin}: what the Shopify Admin API route ({@code shopify-admin-get} in
 * {@code routes/flows/shopify-order-payments-to-odoo.yaml}) asks between its camel-http calls. An order's
 * transactions are read with {@code GET /admin/api/<version>/orders/<id>/transactions.json?in_shop_currency=true}
 * (amounts in the shop's currency, the invoice's), from the shop's admin URL with the shop's access token:
 * <ul>
 *   <li>{@code finbridge.shopify.shop.<handle>.admin-url} / {@code .access-token} for the shop
 *       {@code <handle>.myshopify.com}, else {@code finbridge.shopify.admin-url} / {@code finbridge.shopify.access-token},
 *       else the admin URL is {@code https://<shop domain>};</li>
 *   <li>the version is the webhook's {@code X-Shopify-API-Version} (its objects then have the shapes the mappings
 *       expect), else {@code finbridge.shopify.api-version}.</li>
 * </ul>
 * Each answer is judged by {@link ApiRetries}: a {@code 429} waits its {@code Retry-After}, a {@code 5xx} or a lost
 * connection backs off; anything else is a {@link ShopifyApiException} with Shopify's message.
 */
public final class ShopifyAdminApi {

    public static final String BEAN_NAME = "shopifyAdmin";
    public static final String URL = "ShopifyAdminUrl";
    private static final ApiCallLoop CALLS = new ApiCallLoop("Shopify");
    public static final String AGAIN = CALLS.again();
    public static final String WAIT_MILLIS = CALLS.waitMillis();
    private static final String WHAT = "ShopifyCall";
    /** The transactions that move money into the shop: a sale, or the capture of an authorization, that succeeded. */
    private static final Set<String> PAYING = Set.of("sale", "capture");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final String defaultVersion;
    private final ApiRetries retries;

    public ShopifyAdminApi(Settings settings, ApiRetries retries) {
        this.settings = settings;
        this.defaultVersion = settings.find("finbridge.shopify.api-version").orElse("2024-07");
        this.retries = retries;
    }

    public static ShopifyAdminApi fromSettings(Settings settings) {
        return new ShopifyAdminApi(settings, new ApiRetries(
                settings.getInt("finbridge.shopify.retries", 3),
                settings.getDuration("finbridge.shopify.retry-delay", Duration.ofMillis(500)),
                settings.getDuration("finbridge.shopify.max-retry-wait", Duration.ofSeconds(5)),
                Clock.systemUTC()));
    }

    /** The shop's access token ({@code null} when none is set): for {@link ShopifyHttp}. */
    public String tokenOf(String shop) {
        return setting(shop, "access-token");
    }

    private String setting(String shop, String name) {
        String handle = shop == null ? "" : shop.toLowerCase(Locale.ROOT).replaceFirst("\\.myshopify\\.com$", "");
        return settings.find("finbridge.shopify.shop." + handle + "." + name)
                .or(() -> settings.find("finbridge.shopify." + name)).orElse(null);
    }

    /** The request for an order's transactions, in the shop the webhook came from. */
    public void transactions(Exchange exchange, String orderId) {
        Message m = exchange.getMessage();
        String shop = m.getHeader("X-Shopify-Shop-Domain", String.class);
        if (shop == null || shop.isBlank()) {
            throw new ShopifyApiException("order " + orderId + " came without X-Shopify-Shop-Domain: no shop to read its transactions from", 0);
        }
        shop = shop.strip().toLowerCase(Locale.ROOT);
        String token = tokenOf(shop);
        if (token == null || token.isBlank()) {
            throw new ConfigurationException("no Shopify access token for " + shop + " (finbridge.shopify.shop."
                    + shop.replaceFirst("\\.myshopify\\.com$", "") + ".access-token or finbridge.shopify.access-token, environment "
                    + Settings.envName("finbridge.shopify.access-token") + "): the payments of order " + orderId + " are read "
                    + "from its Admin API. Set a token with the read_orders scope, then replay.");
        }
        String url = setting(shop, "admin-url");
        String version = m.getHeader("X-Shopify-API-Version", String.class);
        version = version == null || version.isBlank() ? defaultVersion : version.strip();
        exchange.setProperty(URL, url == null || url.isBlank() ? "https://" + shop : url.replaceAll("/+$", ""));
        String path = "/admin/api/" + version + "/orders/" + orderId + "/transactions.json";
        exchange.setProperty(WHAT, "Shopify GET " + path + " (" + shop + ")");
        m.setBody(null);
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_PATH, path);
        m.setHeader(Exchange.HTTP_QUERY, "in_shop_currency=true");
        m.setHeader(ShopifyHttp.SHOP, shop);
        CALLS.begin(exchange);
    }

    /** After each call: 2xx ends the calls; 429 and 5xx call again after a wait (or go back to the inbox); else refused. */
    public void answered(Exchange exchange) {
        Message m = exchange.getMessage();
        if (CALLS.succeeded(exchange)) {
            return;
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = m.getBody(String.class);
        String message = errorOf(body);
        if (CALLS.retrying(exchange, retries, what(exchange), message)) {
            return;
        }
        String requestId = m.getHeader("X-Request-Id", String.class);
        throw new ShopifyApiException(what(exchange) + " was refused with " + status + ": "
                + (message != null ? message : Columns.fit(body == null ? "(no body)" : body, 300))
                + (status == 401 || status == 403 ? " (the shop's access token is wrong or lacks the read_orders scope)" : "")
                + (requestId == null ? "" : " [Shopify request " + requestId + "]"), status);
    }

    /** A call that got no answer is called again like a 5xx. */
    public void unreachable(Exchange exchange) {
        CALLS.unreachable(exchange, retries, what(exchange));
    }

    /**
     * The transactions that paid the order, as Shopify documents them ({@code {"transactions": [...]}}): each
     * successful {@code sale} or {@code capture}, as its JSON text for the mapping. Authorizations, voids, refunds
     * and failed or pending attempts move no money into the shop and are left out.
     */
    public List<String> paying(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode doc;
        try {
            doc = body == null ? null : JSON.readTree(body);
        } catch (Exception ex) {
            doc = null;
        }
        if (doc == null || !doc.path("transactions").isArray()) {
            throw new ShopifyApiException(what(exchange) + " answered with something that is not a list of transactions: "
                    + Columns.fit(body == null ? "(no body)" : body, 200), 200);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : doc.path("transactions")) {
            if (PAYING.contains(t.path("kind").asText()) && "success".equals(t.path("status").asText())) {
                out.add(t.toString());
            }
        }
        exchange.getMessage().setBody(out);
        return out;
    }

    private static String what(Exchange exchange) {
        return exchange.getProperty(WHAT, "Shopify Admin API", String.class);
    }

    /** Shopify's error body: {@code {"errors": "..."}} or {@code {"errors": {"field": ["..."]}}}. */
    private static String errorOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode e = JSON.readTree(body).path("errors");
            return e.isMissingNode() ? null : e.isTextual() ? e.asText() : e.toString();
        } catch (Exception ex) {
            return null;
        }
    }
}
