package io.finbridge.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The sandbox profile's Stripe API: a WireMock server on a loopback port that lists a payout's balance transactions
 * ({@code GET /v1/balance_transactions?payout=...}) the way Stripe does, paged with {@code limit} and
 * {@code starting_after}, for the payouts it knows ({@code sandbox/stripe/<payout id>.json} on the classpath: the
 * tour's demo payout). An unknown payout is an empty list, a missing or wrong key a 401, both in Stripe's shapes.
 */
public final class StripeSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PAYOUT_ID = Pattern.compile("po_[A-Za-z0-9]{1,64}");
    private static final String LISTS = "stripe-balance-transactions";

    private final WireMockServer server;
    private final String apiKey;

    private StripeSimulator(WireMockServer server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    /** Starts on a free loopback port; only a client sending {@code Bearer <apiKey>} is answered. */
    public static StripeSimulator start(String apiKey) {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .containerThreads(8)
                .notifier(new Slf4jNotifier(false))
                .extensions(new BalanceTransactions(apiKey)));
        server.start();
        server.stubFor(get(urlPathEqualTo("/v1/balance_transactions")).willReturn(aResponse().withTransformers(LISTS)));
        return new StripeSimulator(server, apiKey);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public String apiKey() {
        return apiKey;
    }

    @Override
    public void close() {
        server.stop();
    }

    private static final class BalanceTransactions implements ResponseDefinitionTransformerV2 {

        private final String authorization;

        BalanceTransactions(String apiKey) {
            this.authorization = "Bearer " + apiKey;
        }

        @Override
        public String getName() {
            return LISTS;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            if (!authorization.equals(request.getHeader("Authorization"))) {
                return error(401, "invalid_request_error", "Invalid API Key provided.");
            }
            String payout = param(request, "payout");
            if (payout == null || !PAYOUT_ID.matcher(payout).matches()) {
                return error(400, "invalid_request_error", "Invalid payout id: " + (payout == null ? "(none)" : "'" + payout + "'"));
            }
            int limit = 10;
            String l = param(request, "limit");
            if (l != null) {
                try {
                    limit = Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > 100) {
                    return error(400, "invalid_request_error", "Invalid integer: limit must be between 1 and 100");
                }
            }
            ArrayNode all = transactions(payout);
            String after = param(request, "starting_after");
            int from = 0;
            if (after != null) {
                from = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (after.equals(all.get(i).path("id").asText())) {
                        from = i + 1;
                    }
                }
                if (from < 0) {
                    return error(400, "invalid_request_error", "No such balance transaction: '" + after + "'");
                }
            }
            ObjectNode page = JSON.createObjectNode().put("object", "list");
            ArrayNode data = page.putArray("data");
            for (int i = from; i < Math.min(all.size(), from + limit); i++) {
                data.add(all.get(i));
            }
            page.put("has_more", from + limit < all.size()).put("url", "/v1/balance_transactions");
            return json(200, page);
        }

        private static String param(Request request, String name) {
            var p = request.queryParameter(name);
            return p.isPresent() ? p.firstValue() : null;
        }

        private static ArrayNode transactions(String payout) {
            try (InputStream in = StripeSimulator.class.getResourceAsStream("/sandbox/stripe/" + payout + ".json")) {
                if (in == null) {
                    return JSON.createArrayNode();
                }
                JsonNode list = JSON.readTree(in);
                return (ArrayNode) list.path("data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static ResponseDefinition error(int status, String type, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("type", type).put("message", message);
            return json(status, body);
        }

        private static ResponseDefinition json(int status, JsonNode body) {
            return aResponse().withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_sandbox")
                    .withBody(body.toString())
                    .build();
        }
    }
}
