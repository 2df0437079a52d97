package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shopify, HubSpot and generic sources over HTTP, with the platforms' real payloads and headers, into the sandbox
 * with its shipped routes: each platform's dedupe key, HubSpot's batches, and the refusals.
 */
class PlatformWebhooksTest {

    static final String SHOPIFY_SECRET = "shpss_platform_test_9904";
    static final String HUBSPOT_SECRET = "hubspot-platform-test-9904";
    static final ObjectMapper JSON = new ObjectMapper();
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.webhooks.shopify.secret", SHOPIFY_SECRET);
        s.put("finbridge.webhooks.hubspot.secret", HUBSPOT_SECRET);
        s.put("finbridge.webhooks.public-url", "https://finbridge.example.com");
        fb = RuntimeFixture.start(s);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
    }

    static byte[] hmac(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> shopify(String body, Map<String, String> headers, String webhookId) throws Exception {
        List<String> h = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (!k.equals("X-Shopify-Hmac-Sha256") && !k.equals("X-Shopify-Webhook-Id")) {
                h.add(k);
                h.add(v);
            }
        });
        h.addAll(List.of("X-Shopify-Webhook-Id", webhookId, "Content-Type", "application/json",
                "X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac(SHOPIFY_SECRET, body))));
        return fb.send(fb.post("/webhooks/shopify", body, h.toArray(String[]::new)));
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aShopifyCustomerWebhookPostsOncePerWebhookIdAndKeepsItsHeaders() throws Exception {
        String body = Files.readString(Path.of("src/test/resources/fixtures/shopify/customer-updated.json"));
        Map<String, String> headers = JSON.readValue(Path.of("src/test/resources/fixtures/shopify/customer-updated.headers.json").toFile(), Map.class);
        assertThat(shopify(body, headers, "whk-shop-0001").body()).contains("accepted");
        assertThat(shopify(body, headers, "whk-shop-0001").body()).contains("duplicate");
        JsonNode t = awaitStatus("whk-shop-0001", "done");
        assertThat(t.path("event").path("type").asText()).isEqualTo("customers/update");
        assertThat(t.path("event").path("eventId").asText()).isEqualTo(headers.get("X-Shopify-Event-Id"));
        assertThat(t.path("event").path("apiVersion").asText()).isEqualTo("2024-07");
        assertThat(t.path("timeline").toString()).contains("\"mapping\":\"shopify-customer\"").contains("ODOO_WRITE");
        JsonNode stored = JSON.readTree(fb.getAsOperator("/api/events/whk-shop-0001?body=true").body());
        assertThat(stored.path("headers").path("X-Shopify-Shop-Domain").asText()).isEqualTo("finbridge-us.myshopify.com");
        assertThat(stored.path("headers").has("X-Shopify-Hmac-Sha256")).as("signatures are not kept").isFalse();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aShopifyWebhookWithoutItsIdOrWithAReformattedBodyIsRefused() throws Exception {
        String body = Files.readString(Path.of("src/test/resources/fixtures/shopify/customer-updated.json"));
        Map<String, String> headers = JSON.readValue(Path.of("src/test/resources/fixtures/shopify/customer-updated.headers.json").toFile(), Map.class);
        String signature = Base64.getEncoder().encodeToString(hmac(SHOPIFY_SECRET, body));
        HttpResponse<String> noId = fb.send(fb.post("/webhooks/shopify", body, "X-Shopify-Topic", "customers/update",
                "X-Shopify-Hmac-Sha256", signature));
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).contains("X-Shopify-Webhook-Id");
        HttpResponse<String> reformatted = fb.send(fb.post("/webhooks/shopify", body.replace("\n", " "), "X-Shopify-Topic",
                "customers/update", "X-Shopify-Webhook-Id", "whk-shop-0002", "X-Shopify-Hmac-Sha256", signature));
        assertThat(reformatted.statusCode()).isEqualTo(401);
        assertThat(fb.getAsOperator("/api/events/whk-shop-0002").statusCode()).isEqualTo(404);
    }

    @Test
    void aHubSpotBatchStoresEachEventOnceAndTheSignatureCoversThePublicUrl() throws Exception {
        long ts = System.currentTimeMillis();
        String batch = "[{\"eventId\":3001,\"subscriptionId\":2001,\"portalId\":62515,\"appId\":54321,\"occurredAt\":" + ts
                + ",\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":0,\"objectId\":1246965,"
                + "\"propertyName\":\"dealstage\",\"propertyValue\":\"closedwon\",\"changeSource\":\"CRM\"},"
                + "{\"eventId\":3002,\"subscriptionId\":2002,\"portalId\":62515,\"appId\":54321,\"occurredAt\":" + ts
                + ",\"subscriptionType\":\"company.creation\",\"attemptNumber\":0,\"objectId\":5120348,\"changeSource\":\"CRM\"}]";
        String signature = Base64.getEncoder().encodeToString(hmac(HUBSPOT_SECRET,
                "POST" + "https://finbridge.example.com/webhooks/hubspot" + batch + ts));
        HttpRequest.Builder send = fb.post("/webhooks/hubspot", batch, "Content-Type", "application/json",
                "X-HubSpot-Signature-v3", signature, "X-HubSpot-Request-Timestamp", Long.toString(ts));
        HttpResponse<String> first = fb.send(send);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("events")).hasSize(2);
        assertThat(fb.send(send).body()).contains("duplicate");
        JsonNode deal = awaitStatus("3001", "ignored");
        assertThat(deal.path("event").path("type").asText()).isEqualTo("deal.propertyChange");
        assertThat(deal.path("timeline").toString()).contains("IGNORED").contains("CRM object fetch");
        awaitStatus("3002", "ignored");

        long old = ts - Duration.ofMinutes(10).toMillis();
        String stale = Base64.getEncoder().encodeToString(hmac(HUBSPOT_SECRET,
                "POST" + "https://finbridge.example.com/webhooks/hubspot" + batch + old));
        assertThat(fb.send(fb.post("/webhooks/hubspot", batch, "X-HubSpot-Signature-v3", stale,
                "X-HubSpot-Request-Timestamp", Long.toString(old))).statusCode()).isEqualTo(401);
        assertThat(fb.send(fb.post("/webhooks/hubspot", "{\"eventId\":1}", "X-HubSpot-Signature-v3",
                Base64.getEncoder().encodeToString(hmac(HUBSPOT_SECRET, "POST" + "https://finbridge.example.com/webhooks/hubspot"
                        + "{\"eventId\":1}" + ts)), "X-HubSpot-Request-Timestamp", Long.toString(ts))).statusCode())
                .as("HubSpot always sends an array").isEqualTo(400);
    }

    @Test
    void aGenericSourceNeedsItsTokenAndDedupesOnTheConfiguredPath() throws Exception {
        String event = "{\"id\":\"demo-001\",\"type\":\"usage.reported\",\"quantity\":3}";
        assertThat(fb.send(fb.post("/webhooks/demo", event, "Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(fb.send(fb.post("/webhooks/demo", event, "Authorization", "Bearer sandbox-demo-token")).body()).contains("accepted");
        assertThat(fb.send(fb.post("/webhooks/demo", event.replace("3", "4"), "X-Finbridge-Token", "sandbox-demo-token")).body())
                .as("same id, another body: a redelivery").contains("duplicate");
        JsonNode t = awaitStatus("demo-001", "ignored");
        assertThat(t.path("event").path("type").asText()).isEqualTo("usage.reported");
        HttpResponse<String> noKey = fb.send(fb.post("/webhooks/demo", "{\"type\":\"x\"}", "X-Finbridge-Token", "sandbox-demo-token"));
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("$.id");
    }
}
