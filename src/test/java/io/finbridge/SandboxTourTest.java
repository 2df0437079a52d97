package io.finbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The README's five-minute tour, as a newcomer runs it: the sandbox with the shipped routes and mappings, the sample
 * Stripe event signed with the demo secret, a Shopify customer and a HubSpot batch signed with theirs, the trace, the
 * exception queue.
 */
class SandboxTourTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.remove("finbridge.webhooks.stripe.secret"); // the sandbox's own demo secret, as in the README
        fb = RuntimeFixture.start(s);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
    }

    static HttpResponse<String> deliver(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature",
                StripeEvents.signature("whsec_sandbox_demo", body, Instant.now())));
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    @Test
    void theSampleCustomerEventBecomesOnePartnerInTheSimulatedOdoo() throws Exception {
        String sample = Files.readString(Path.of("docs/samples/stripe-customer-created.json")).strip();
        HttpResponse<String> first = deliver(sample);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"accepted\"");
        assertThat(deliver(sample).body()).contains("\"status\":\"duplicate\"");
        JsonNode t = awaitStatus("evt_1QdemoTour0001", "done");
        List<String> kinds = new ArrayList<>();
        t.path("timeline").forEach(n -> kinds.add(n.path("kind").asText()));
        assertThat(kinds).containsSubsequence("RECEIVED", "PROCESSING", "MAPPED", "ODOO_WRITE", "DONE");
        JsonNode mapped = null;
        for (JsonNode n : t.path("timeline")) {
            if (n.path("kind").asText().equals("MAPPED")) {
                mapped = n.path("detail");
            }
        }
        assertThat(mapped.path("mapping").asText()).isEqualTo("stripe-customer");
        assertThat(mapped.path("version").asInt()).isEqualTo(1);
        JsonNode write = t.path("odooWrites").get(0).path("detail");
        assertThat(write.path("model").asText()).isEqualTo("res.partner");
        assertThat(write.path("naturalKey").asText()).isEqualTo("stripe:customer:cus_QdemoTour0001");
        assertThat(write.path("operation").asText()).isEqualTo("create");
        String changed = sample.replace("Ada Lovelace", "Mallory");
        assertThat(fb.send(fb.post("/webhooks/stripe", changed, "Stripe-Signature",
                StripeEvents.signature("whsec_sandbox_demo", sample, Instant.now()))).statusCode()).isEqualTo(401);
    }

    @Test
    void theTourShopifyCustomerSignedWithTheDemoSecretBecomesAPartner() throws Exception {
        String body = Files.readString(Path.of("docs/samples/shopify-customer-updated.json"));
        String sig = Base64.getEncoder().encodeToString(hmac("shpss_sandbox_demo", body));
        HttpResponse<String> r = fb.send(fb.post("/webhooks/shopify", body, "X-Shopify-Hmac-Sha256", sig,
                "X-Shopify-Topic", "customers/update", "X-Shopify-API-Version", "2024-07", "X-Shopify-Webhook-Id", "tour-0001",
                "X-Shopify-Event-Id", "tour-event-0001", "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode t = awaitStatus("tour-event-0001", "done");
        JsonNode write = t.path("odooWrites").get(0).path("detail");
        assertThat(write.path("model").asText()).isEqualTo("res.partner");
        assertThat(write.path("operation").asText()).isEqualTo("create");
    }

    @Test
    void theDocumentedHubSpotBatchSignedWithTheDemoSecretIsAccepted() throws Exception {
        String body = Files.readString(Path.of("docs/samples/hubspot-company-property-change.json"));
        String t = Long.toString(Instant.now().toEpochMilli());
        String sig = Base64.getEncoder().encodeToString(hmac("sandbox-hubspot-client-secret",
                "POST" + fb.url("/webhooks/hubspot") + body + t));
        HttpResponse<String> r = fb.send(fb.post("/webhooks/hubspot", body, "X-HubSpot-Request-Timestamp", t,
                "X-HubSpot-Signature-v3", sig, "Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"accepted\"");
        awaitStatus("1927364501", "ignored");
    }

    static byte[] hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventTypeWithoutAFlowIsKeptAndMarkedIgnoredWithTheReason() throws Exception {
        String body = "{\"id\":\"evt_tour_balance\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1795430000,"
                + "\"type\":\"balance.available\",\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":null,"
                + "\"idempotency_key\":null},\"data\":{\"object\":{\"object\":\"balance\",\"available\":[{\"amount\":2000,"
                + "\"currency\":\"usd\"}]}}}";
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        JsonNode t = awaitStatus("evt_tour_balance", "ignored");
        assertThat(t.path("timeline").toString()).contains("IGNORED").contains("no flow posts Stripe balance.available events yet");
    }

    @Test
    void aCustomerEventMissingItsRequiredDataIsADataQualityExceptionNamingTheField() throws Exception {
        String body = StripeEvents.customerCreated("evt_tour_noemail", "cus_tour_noemail", null, "x").replace("\"email\":\"x\"", "\"email\":null");
        assertThat(deliver(body).statusCode()).isEqualTo(200);
        JsonNode t = awaitStatus("evt_tour_noemail", "failed");
        JsonNode ex = t.path("exceptions").get(0);
        assertThat(ex.path("classification").asText()).isEqualTo("data_quality");
        assertThat(ex.path("error").asText()).contains("name");
    }

    @Test
    void theSampleShopifyOrderBecomesAPostedInvoiceInTheSimulatedOdooThatTiesOut() throws Exception {
        String order = Files.readString(Path.of("docs/samples/shopify-order-created.json")).strip();
        HttpResponse<String> r = fb.send(fb.post("/webhooks/shopify", order,
                "X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com",
                "X-Shopify-Webhook-Id", "tour-order-1",
                "X-Shopify-API-Version", "2024-07",
                "X-Shopify-Hmac-Sha256", shopifyHmac("shpss_sandbox_demo", order)));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode moves = await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(fb.getAsOperator("/api/sandbox/odoo/account.move?ref=shopify:order:5829460400001").body()),
                m -> m.path("count").asInt() == 1 && m.path("records").get(0).path("state").asText().equals("posted"));
        JsonNode invoice = moves.path("records").get(0);
        JsonNode source = JSON.readTree(order);
        assertThat(invoice.path("move_type").asText()).isEqualTo("out_invoice");
        assertThat(invoice.path("amount_total").decimalValue()).isEqualByComparingTo(source.path("total_price").asText());
        assertThat(invoice.path("amount_tax").decimalValue()).isEqualByComparingTo(source.path("total_tax").asText());
        JsonNode lines = JSON.readTree(fb.getAsOperator("/api/sandbox/odoo/account.move.line?move_id=" + invoice.path("id").asInt()).body());
        assertThat(lines.path("count").asInt()).isGreaterThan(1);
    }

    @Test
    void theSamplePayoutBecomesOneSettlementEntryWhoseBankLineIsThePayout() throws Exception {
        String payout = Files.readString(Path.of("docs/samples/stripe-payout-paid.json")).strip();
        assertThat(deliver(payout).statusCode()).isEqualTo(200);
        awaitStatus("evt_1QdemoTour0002", "done");
        JsonNode moves = JSON.readTree(fb.getAsOperator("/api/sandbox/odoo/account.move?ref=stripe:payout:po_1QdemoTour0001").body());
        assertThat(moves.path("count").asInt()).isEqualTo(1);
        JsonNode entry = moves.path("records").get(0);
        assertThat(entry.path("state").asText()).isEqualTo("posted");
        assertThat(entry.path("move_type").asText()).isEqualTo("entry");
        long amount = JSON.readTree(payout).path("data").path("object").path("amount").asLong();
        assertThat(entry.path("amount_total").decimalValue()).isPositive();
        JsonNode lines = JSON.readTree(fb.getAsOperator("/api/sandbox/odoo/account.move.line?move_id=" + entry.path("id").asInt()).body());
        java.math.BigDecimal debit = java.math.BigDecimal.ZERO;
        java.math.BigDecimal credit = java.math.BigDecimal.ZERO;
        boolean payoutLine = false;
        for (JsonNode l : lines.path("records")) {
            debit = debit.add(l.path("debit").decimalValue());
            credit = credit.add(l.path("credit").decimalValue());
            payoutLine |= l.path("debit").decimalValue().compareTo(java.math.BigDecimal.valueOf(amount, 2)) == 0;
        }
        assertThat(debit).isEqualByComparingTo(credit);
        assertThat(payoutLine).as("a line debits the payout's %s to outstanding receipts", amount).isTrue();
    }

    @Test
    void theSandboxApiNeedsALoginAndAModelName() throws Exception {
        assertThat(fb.get("/api/sandbox/odoo/account.move").statusCode()).isEqualTo(401);
        HttpResponse<String> bad = fb.getAsOperator("/api/sandbox/odoo/account.move;drop");
        assertThat(bad.statusCode()).isBetween(400, 404);
        assertThat(bad.body()).doesNotContain("Exception");
        assertThat(fb.getAsOperator("/api/sandbox/odoo/no.such.model").body()).contains("\"count\":0");
    }

    static String shopifyHmac(String secret, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
