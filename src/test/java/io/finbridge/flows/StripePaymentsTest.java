package io.finbridge.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe payment_intent.succeeded and charge.succeeded into Odoo payments reconciled with their invoices (Shopify
 * orders invoiced in the simulated Odoo 17): found by the order in the metadata, or by amount, customer and date;
 * parked until the invoice lands, and an exception past the wait.
 */
class StripePaymentsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHOPIFY_SECRET = "shpss_stripe_payments_7781";
    static final String STRIPE_SECRET = "whsec_stripe_payments_7781";
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static OdooUnderTest odoo;
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.webhooks.shopify.secret", SHOPIFY_SECRET);
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        s.put("finbridge.webhooks.stripe.tolerance", "3650d");
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-timeout", "50ms");
        s.put("finbridge.payments.invoice-wait", "4s");
        s.put("finbridge.inbox.park-retry", "500ms");
        fb = RuntimeFixture.start(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(fb.getAsOperator("/api/mappings/reference-data").body())
                .path("refreshedAt").isTextual());
    }

    @AfterAll
    static void stop() {
        fb.close();
        odoo.close();
    }

    @BeforeEach
    void counts() {
        odoo.resetCounts();
    }

    /** order-us-paid (72.58 USD, 2024-03-01) as order {@code id}, bought by the Shopify customer {@code customer}. */
    static void order(String id, String customer, String email, String webhookId) throws Exception {
        String body = Files.readString(FIXTURES.resolve("shopify/order-us-paid.json")).replace("5829460189463", id)
                .replace("7390123456789", customer).replace("Maria.Lopez@Example.com", email);
        fb.send(fb.post("/webhooks/shopify", body, "Content-Type", "application/json", "X-Shopify-Hmac-Sha256", hmac(body),
                "X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com",
                "X-Shopify-Webhook-Id", webhookId, "X-Shopify-API-Version", "2024-07", "X-Shopify-Event-Id", "evt-" + webhookId));
    }

    /** The recorded charge.succeeded, for {@code amount} cents, paying {@code orderId} (or naming none), by {@code customer}. */
    static String charge(String eventId, String chargeId, String intentId, long amount, String customer, String orderId) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readString(FIXTURES.resolve("stripe/charge-succeeded.json")));
        event.put("id", eventId);
        ObjectNode charge = (ObjectNode) event.path("data").path("object");
        charge.put("id", chargeId);
        charge.put("payment_intent", intentId);
        charge.put("amount", amount);
        charge.put("amount_captured", amount);
        charge.put("customer", customer);
        charge.putNull("invoice");
        ObjectNode metadata = charge.putObject("metadata");
        if (orderId != null) {
            metadata.put("order_id", orderId);
        }
        return event.toString();
    }

    /** The payment intent of the same payment, succeeded. */
    static String intent(String eventId, String intentId, long amount, String customer) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1709290012,"
                + "\"data\":{\"object\":{\"id\":\"" + intentId + "\",\"object\":\"payment_intent\",\"amount\":" + amount + ","
                + "\"amount_capturable\":0,\"amount_received\":" + amount + ",\"capture_method\":\"automatic\",\"currency\":\"usd\","
                + "\"customer\":\"" + customer + "\",\"description\":null,\"invoice\":null,\"latest_charge\":\"ch_x\",\"livemode\":false,"
                + "\"metadata\":{},\"payment_method_types\":[\"card\"],\"status\":\"succeeded\"}},\"livemode\":false,"
                + "\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"payment_intent.succeeded\"}";
    }

    static HttpResponse<String> stripe(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.signature(STRIPE_SECRET, body, Instant.now())));
    }

    static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SHOPIFY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    static Map<String, Object> invoice(String orderId) {
        return odoo.simulator().records("account.move").stream().filter(m -> ("shopify:order:" + orderId).equals(m.get("ref")))
                .findFirst().orElseThrow();
    }

    static List<Map<String, Object>> payments(String ref) {
        return odoo.simulator().records("account.payment").stream().filter(p -> ref.equals(p.get("ref"))).toList();
    }

    @Test
    void aPaymentNamingItsOrderInMetadataPaysThatInvoiceThroughTheClearingJournal() throws Exception {
        order("5829460500001", "7390500000001", "ana.meta@example.com", "whk-sp-1");
        awaitStatus("whk-sp-1", "done");

        stripe(charge("evt_sp_1", "ch_sp_1", "pi_sp_1", 7258, "cus_SpMeta01", "5829460500001"));
        JsonNode t = awaitStatus("evt_sp_1", "done");

        List<Map<String, Object>> pays = payments("stripe:payment_intent:pi_sp_1");
        assertThat(pays).hasSize(1);
        assertThat(pays.get(0)).containsEntry("journal_id", 21).containsEntry("outstanding_account_id", 40)
                .containsEntry("state", "posted").containsEntry("date", "2024-03-01").containsEntry("partner_id", invoice("5829460500001").get("partner_id"));
        assertThat((BigDecimal) pays.get(0).get("amount")).isEqualByComparingTo("72.58");
        assertThat(invoice("5829460500001")).containsEntry("payment_state", "paid");
        assertThat(t.toString()).contains("shopify:order:5829460500001");
    }

    @Test
    void aPaymentWithoutReferencesIsMatchedByAmountCustomerAndDateAndItsOtherEventBooksNothing() throws Exception {
        // the Stripe customer and the Shopify buyer are one partner (by email)
        stripe(StripeEvents.customerCreated("evt_sp_2c", "cus_SpAmount02", "Bea Amount", "bea.amount@example.com"));
        awaitStatus("evt_sp_2c", "done");
        order("5829460500002", "7390500000002", "bea.amount@example.com", "whk-sp-2");
        awaitStatus("whk-sp-2", "done");

        stripe(charge("evt_sp_2", "ch_sp_2", "pi_sp_2", 7258, "cus_SpAmount02", null));
        JsonNode t = awaitStatus("evt_sp_2", "done");
        stripe(intent("evt_sp_2i", "pi_sp_2", 7258, "cus_SpAmount02"));
        JsonNode other = awaitStatus("evt_sp_2i", "done");

        assertThat(payments("stripe:payment_intent:pi_sp_2")).hasSize(1);
        assertThat(invoice("5829460500002")).containsEntry("payment_state", "paid");
        assertThat(t.toString()).contains("amount, customer and date");
        assertThat(odoo.count("account.payment", "create")).isEqualTo(1);
        assertThat(other.path("notWritten").toString()).contains("booked before");
    }

    @Test
    void twoOpenInvoicesOfTheSameAmountAreForFinanceToChoose() throws Exception {
        stripe(StripeEvents.customerCreated("evt_sp_5c", "cus_SpTwice05", "Cy Twice", "cy.twice@example.com"));
        awaitStatus("evt_sp_5c", "done");
        order("5829460500051", "7390500000005", "cy.twice@example.com", "whk-sp-51");
        order("5829460500052", "7390500000005", "cy.twice@example.com", "whk-sp-52");
        awaitStatus("whk-sp-51", "done");
        awaitStatus("whk-sp-52", "done");

        stripe(charge("evt_sp_5", "ch_sp_5", "pi_sp_5", 7258, "cus_SpTwice05", null));
        JsonNode t = awaitStatus("evt_sp_5", "failed");

        assertThat(t.path("exceptions").get(0).path("error").asText()).contains("matches 2 open invoices", "finance chooses");
        assertThat(payments("stripe:payment_intent:pi_sp_5")).isEmpty();
    }

    @Test
    void aPaymentBeforeItsInvoiceIsParkedAndBookedWhenTheOrderLands() throws Exception {
        stripe(charge("evt_sp_3", "ch_sp_3", "pi_sp_3", 7258, "cus_SpEarly03", "5829460500003"));
        JsonNode parked = awaitStatus("evt_sp_3", "parked");
        assertThat(parked.path("event").path("waitingFor").asText()).isEqualTo("invoice:shopify:order:5829460500003");
        assertThat(odoo.count("account.payment", "create")).isZero();

        order("5829460500003", "7390500000003", "dee.early@example.com", "whk-sp-3");
        awaitStatus("whk-sp-3", "done");
        awaitStatus("evt_sp_3", "done");

        assertThat(payments("stripe:payment_intent:pi_sp_3")).hasSize(1);
        assertThat(invoice("5829460500003")).containsEntry("payment_state", "paid");
    }

    @Test
    void aPaymentWhoseInvoiceNeverLandsBecomesAnExceptionWithTheReason() throws Exception {
        stripe(charge("evt_sp_4", "ch_sp_4", "pi_sp_4", 1999, "cus_SpNever04", "5829460599999"));
        awaitStatus("evt_sp_4", "parked");
        JsonNode t = awaitStatus("evt_sp_4", "failed");

        JsonNode exception = t.path("exceptions").get(0);
        assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
        assertThat(exception.path("error").asText()).contains("invoice:shopify:order:5829460599999", "not posted in Odoo yet");
        assertThat(payments("stripe:payment_intent:pi_sp_4")).isEmpty();
    }
}
