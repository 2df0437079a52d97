package io.finbridge.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Settings;
import io.finbridge.store.Columns;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Bound as {@code stripeApi}: what the Stripe API routes ({@code routes/flows/stripe-payouts-to-odoo-settlements.yaml})
 * ask between their camel-http calls. A list is read page by page ({@code limit}, then {@code starting_after} the last
 * id of the page before, until {@code has_more} is false); each call is judged by {@link ApiRetries}: a {@code 429} or
 * {@code 5xx} is called again after a wait, any other refusal is a {@link StripeApiException} with Stripe's message.
 *
 * <p>Its state lives in exchange properties, so one bean serves every worker.
 */
public final class StripeApi {

    public static final String BEAN_NAME = "stripeApi";
    /** The objects listed so far, each as its JSON text (what the mappings read). */
    public static final String LISTED = "StripeListed";
    public static final String HAS_MORE = "StripeHasMore";
    /** Whether the current call is to be made (again), and after how many milliseconds. */
    private static final ApiCallLoop CALLS = new ApiCallLoop("Stripe");
    public static final String AGAIN = CALLS.again();
    public static final String WAIT_MILLIS = CALLS.waitMillis();
    /** The Stripe account of the event ({@code account}, set for Connect events): sent as {@code Stripe-Account}. */
    public static final String ACCOUNT = "StripeAccount";
    private static final String PATH = "StripeListPath";
    private static final String QUERY = "StripeListQuery";
    private static final String STARTING_AFTER = "StripeStartingAfter";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StripeHttp http;
    private final int pageSize;
    private final ApiRetries retries;

    public StripeApi(StripeHttp http, int pageSize, ApiRetries retries) {
        if (pageSize < 1 || pageSize > 100) {
            throw new ConfigurationException("finbridge.stripe.page-size must be between 1 and 100 (Stripe's limit), not " + pageSize);
        }
        this.http = http;
        this.pageSize = pageSize;
        this.retries = retries;
    }

    public static StripeApi fromSettings(StripeHttp http, Settings settings) {
        return new StripeApi(http, settings.getInt("finbridge.stripe.page-size", 100), new ApiRetries(
                settings.getInt("finbridge.stripe.retries", 3),
                settings.getDuration("finbridge.stripe.retry-delay", Duration.ofMillis(500)),
                settings.getDuration("finbridge.stripe.max-retry-wait", Duration.ofSeconds(5)),
                Clock.systemUTC()));
    }

    /** Starts listing the balance transactions that {@code payoutId} paid out. */
    public void listPayoutTransactions(Exchange exchange, String payoutId) {
        if (!http.hasKey()) {
            throw new ConfigurationException("finbridge.stripe.api-key is not set (environment variable FINBRIDGE_STRIPE_API_KEY, "
                    + "or FINBRIDGE_STRIPE_API_KEY_FILE): payout " + payoutId + " cannot be settled without reading its balance "
                    + "transactions from Stripe. Set a restricted key with read access to balance transactions, then replay.");
        }
        exchange.setProperty(PATH, "/v1/balance_transactions");
        exchange.setProperty(QUERY, "payout=" + encode(payoutId) + "&limit=" + pageSize);
        exchange.setProperty(LISTED, new ArrayList<String>());
        exchange.setProperty(HAS_MORE, true);
        exchange.removeProperty(STARTING_AFTER);
    }

    /** The request for the next page: GET path?query, after the last object of the page before. */
    public void nextPage(Exchange exchange) {
        Message m = exchange.getMessage();
        String after = exchange.getProperty(STARTING_AFTER, String.class);
        String query = exchange.getProperty(QUERY, String.class) + (after == null ? "" : "&starting_after=" + encode(after));
        m.setBody(null);
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_PATH, exchange.getProperty(PATH, String.class));
        m.setHeader(Exchange.HTTP_QUERY, query);
        String account = exchange.getProperty(ACCOUNT, String.class);
        if (account != null && !account.isBlank()) {
            m.setHeader("Stripe-Account", account);
        } else {
            m.removeHeader("Stripe-Account");
        }
        // the version the event was written in, so that the objects read have the shapes its mappings expect
        String version = m.getHeader(InboxDispatcher.API_VERSION, String.class);
        if (version != null && !version.isBlank()) {
            m.setHeader("Stripe-Version", version);
        }
        CALLS.begin(exchange);
    }

    /**
     * After each call: a 2xx ends the calls; a {@code 429} or {@code 5xx} is called again after a wait (or goes back
     * to the inbox, see {@link ApiRetries}); anything else is Stripe refusing the request.
     */
    public void answered(Exchange exchange) {
        Message m = exchange.getMessage();
        if (CALLS.succeeded(exchange)) {
            return;
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = m.getBody(String.class);
        JsonNode error = errorOf(body);
        String message = error == null ? null : error.path("message").asText(null);
        if (CALLS.retrying(exchange, retries, what(exchange), message)) {
            return;
        }
        String type = error == null ? null : error.path("type").asText(null);
        String code = error == null ? null : error.path("code").asText(null);
        String requestId = m.getHeader("Request-Id", String.class);
        throw new StripeApiException(what(exchange) + " was refused with " + status
                + (type == null ? "" : " (" + type + (code == null ? "" : ", " + code) + ")") + ": "
                + (message != null ? message : Columns.fit(body == null ? "(no body)" : body, 300))
                + (requestId == null ? "" : " [Stripe request " + requestId + "]"), status, type, code, requestId);
    }

    /** A call that got no answer (refused, reset, timed out) is called again like a {@code 5xx}. */
    public void unreachable(Exchange exchange) {
        CALLS.unreachable(exchange, retries, what(exchange));
    }

    /** One page of a list, as Stripe documents it: its objects are kept, and where the next page starts. */
    @SuppressWarnings("unchecked")
    public void page(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode list;
        try {
            list = body == null ? null : JSON.readTree(body);
        } catch (Exception ex) {
            list = null;
        }
        if (list == null || !"list".equals(list.path("object").asText()) || !list.path("data").isArray()) {
            throw new StripeApiException(what(exchange) + " answered with something that is not a Stripe list: "
                    + Columns.fit(body == null ? "(no body)" : body, 200), 200, null, null, null);
        }
        List<String> listed = exchange.getProperty(LISTED, List.class);
        String last = null;
        for (JsonNode item : list.path("data")) {
            listed.add(item.toString());
            last = item.path("id").asText(null);
        }
        boolean more = list.path("has_more").asBoolean(false);
        if (more && last == null) {
            throw new StripeApiException(what(exchange) + " says it has more, but the page gave no object to continue after",
                    200, null, null, null);
        }
        exchange.setProperty(HAS_MORE, more);
        exchange.setProperty(STARTING_AFTER, last);
        exchange.getMessage().setBody(null);
    }

    private static String what(Exchange exchange) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        return "Stripe GET " + exchange.getProperty(PATH, String.class) + (query == null ? "" : "?" + query);
    }

    /** Stripe's error body: {@code {"error": {"type": ..., "code": ..., "message": ...}}}. */
    private static JsonNode errorOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode e = JSON.readTree(body).path("error");
            return e.isObject() ? e : null;
        } catch (Exception ex) {
            return null;
        }
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
