package io.finbridge.flows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shopify orders/paid into Odoo payments: the order's transactions from a WireMock Shopify Admin API (the documented
 * transactions.json shape), one payment per successful sale or capture in the journal of its gateway, reconciled with
 * the order's invoice in the simulated Odoo 17 (least-privilege user).
 */
class ShopifyOrderPaymentsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "shpss_payments_flow_5120";
    static final String TOKEN = "shpat_test_payments_0c1d2e3f";
    static final Path SHOPIFY = Path.of("src/test/resources/fixtures/shopify");
    static OdooUnderTest odoo;
    static WireMockServer shopify;
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        odoo = OdooUnderTest.start();
        shopify = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        shopify.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.webhooks.shopify.secret", SECRET);
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-timeout", "50ms");
        s.put("finbridge.shopify.admin-url", "http://127.0.0.1:" + shopify.port());
        s.put("finbridge.shopify.access-token", TOKEN);
        s.put("finbridge.shopify.retry-delay", "50ms");
        fb = RuntimeFixture.start(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(fb.getAsOperator("/api/mappings/reference-data").body())
                .path("refreshedAt").isTextual());
    }

    @AfterAll
    static void stop() {
        fb.close();
        shopify.stop();
        odoo.close();
    }

    @BeforeEach
    void counts() {
        odoo.resetCounts();
        shopify.resetRequests();
    }

    /** order-us-paid (72.58 USD) as order {@code id}, with its transactions under ids starting {@code tx}. */
    static String order(String id) throws Exception {
        return Files.readString(SHOPIFY.resolve("order-us-paid.json")).replace("5829460189463", id);
    }

    static void transactions(String orderId, String tx) throws Exception {
        shopify.stubFor(get(urlPathEqualTo("/admin/api/2024-07/orders/" + orderId + "/transactions.json"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("X-Shopify-Shop-Api-Call-Limit", "1/40").withBody(transactionsBody(orderId, tx))));
    }

    static String transactionsBody(String orderId, String tx) throws Exception {
        return Files.readString(SHOPIFY.resolve("transactions/order-us-paid-gift-card-and-card.json"))
                .replace("5829460189463", orderId).replace("71900000001", tx);
    }

    static HttpResponse<String> deliver(String body, String topic, String webhookId) throws Exception {
        return fb.send(fb.post("/webhooks/shopify", body, "Content-Type", "application/json", "X-Shopify-Hmac-Sha256", hmac(body),
                "X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com", "X-Shopify-Webhook-Id", webhookId,
                "X-Shopify-API-Version", "2024-07", "X-Shopify-Event-Id", "evt-" + webhookId));
    }

    static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    static Map<String, Object> invoice(String orderId) {
        List<Map<String, Object>> found = odoo.simulator().records("account.move").stream()
                .filter(m -> ("shopify:order:" + orderId).equals(m.get("ref"))).toList();
        assertThat(found).as("invoices of order " + orderId).hasSize(1);
        return found.get(0);
    }

    static List<Map<String, Object>> payments(String tx) {
        return odoo.simulator().records("account.payment").stream()
                .filter(p -> String.valueOf(p.get("ref")).startsWith("shopify:transaction:" + tx))
                .sorted(Comparator.comparing(p -> String.valueOf(p.get("ref")))).toList();
    }

    @Test
    void anOrderPaidByGiftCardAndCardBecomesTwoPaymentsInTwoJournalsAndThePaidInvoice() throws Exception {
        deliver(order("5829460300001"), "orders/create", "whk-pay-1-create");
        awaitStatus("whk-pay-1-create", "done");
        transactions("5829460300001", "71930000001");
        odoo.resetCounts();

        deliver(order("5829460300001"), "orders/paid", "whk-pay-1-paid");
        JsonNode t = awaitStatus("whk-pay-1-paid", "done");

        List<Map<String, Object>> pays = payments("71930000001");
        assertThat(pays).hasSize(2);
        Map<String, Object> gift = pays.get(0);
        Map<String, Object> card = pays.get(1);
        // the gift card pays out of the gift-card liability (journal GIFT, account 201100), not as money received
        assertThat(gift).containsEntry("ref", "shopify:transaction:7193000000101").containsEntry("journal_id", 22)
                .containsEntry("outstanding_account_id", 97).containsEntry("state", "posted").containsEntry("date", "2024-03-01")
                .containsEntry("payment_type", "inbound").containsEntry("partner_type", "customer").containsEntry("is_reconciled", true);
        assertThat((BigDecimal) gift.get("amount")).isEqualByComparingTo("25.00");
        // the captured card payment is Shopify Payments' balance: the clearing journal CLR on 101300
        assertThat(card).containsEntry("ref", "shopify:transaction:7193000000104").containsEntry("journal_id", 21)
                .containsEntry("outstanding_account_id", 40).containsEntry("state", "posted").containsEntry("is_reconciled", true);
        assertThat((BigDecimal) card.get("amount")).isEqualByComparingTo("47.58");
        assertThat(gift.get("partner_id")).isEqualTo(card.get("partner_id")).isEqualTo(invoice("5829460300001").get("partner_id"));

        Map<String, Object> inv = invoice("5829460300001");
        assertThat(inv).containsEntry("payment_state", "paid");
        assertThat((BigDecimal) inv.get("amount_residual")).isEqualByComparingTo("0");
        assertThat(odoo.count("account.move", "create")).as("no second invoice").isZero();
        assertThat(odoo.count("account.move", "js_assign_outstanding_line")).isEqualTo(2);
        assertThat(odoo.count("account.payment", "create")).isEqualTo(2);
        assertThat(odoo.count("account.payment", "action_post")).isEqualTo(2);
        String create = odoo.calls("account.payment", "create").get(0).getBodyAsString();
        assertThat(JSON.readTree(create).path("params").path("args").get(6).path("context").path("allowed_company_ids").toString()).isEqualTo("[1]");

        // the Admin API was asked in the shop's currency, with the shop's token and none of the webhook's headers
        List<LoggedRequest> asked = shopify.findAll(getRequestedFor(urlPathEqualTo("/admin/api/2024-07/orders/5829460300001/transactions.json")));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).getQueryParams().get("in_shop_currency").firstValue()).isEqualTo("true");
        assertThat(asked.get(0).getHeader("X-Shopify-Access-Token")).isEqualTo(TOKEN);
        assertThat(asked.get(0).containsHeader("X-Shopify-Hmac-Sha256")).isFalse();
        assertThat(asked.get(0).containsHeader("X-Finbridge-Shop")).isFalse();
        assertThat(t.toString()).doesNotContain(TOKEN);
    }

    @Test
    void anOrdersPaidBeforeItsOrderMakesTheInvoiceAndItsPaymentsAndTheLateOrderMakesNoSecondInvoice() throws Exception {
        transactions("5829460300002", "71930000002");
        deliver(order("5829460300002"), "orders/paid", "whk-pay-2-paid");
        awaitStatus("whk-pay-2-paid", "done");
        deliver(order("5829460300002"), "orders/create", "whk-pay-2-create");
        JsonNode late = awaitStatus("whk-pay-2-create", "done");

        assertThat(invoice("5829460300002")).containsEntry("payment_state", "paid").containsEntry("state", "posted");
        assertThat(payments("71930000002")).hasSize(2);
        assertThat(odoo.count("account.move", "create")).as("one invoice").isEqualTo(1);
        assertThat(late.path("notWritten").toString()).contains("already in Odoo");
    }

    @Test
    void aRedeliveredOrdersPaidPostsNothingTwice() throws Exception {
        transactions("5829460300003", "71930000003");
        deliver(order("5829460300003"), "orders/paid", "whk-pay-3-paid");
        awaitStatus("whk-pay-3-paid", "done");
        odoo.resetCounts();

        deliver(order("5829460300003"), "orders/paid", "whk-pay-3-paid-again");
        JsonNode again = awaitStatus("whk-pay-3-paid-again", "done");

        assertThat(payments("71930000003")).hasSize(2);
        assertThat(odoo.count("account.payment", "create")).isZero();
        assertThat(odoo.count("account.payment", "action_post")).isZero();
        assertThat(odoo.count("account.move", "create")).isZero();
        assertThat(odoo.count("account.move", "js_assign_outstanding_line")).isZero();
        assertThat(invoice("5829460300003")).containsEntry("payment_state", "paid");
        assertThat(again.path("notWritten").toString()).contains("reconciled already");
    }

    @Test
    void aRateLimitedAdminApiIsWaitedOutAndThenRead() throws Exception {
        String orderId = "5829460300004";
        String path = "/admin/api/2024-07/orders/" + orderId + "/transactions.json";
        shopify.stubFor(get(urlPathEqualTo(path)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}"))
                .willSetStateTo("served"));
        shopify.stubFor(get(urlPathEqualTo(path)).inScenario("429").whenScenarioStateIs("served")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(transactionsBody(orderId, "71930000004"))));

        deliver(order(orderId), "orders/paid", "whk-pay-4-paid");
        awaitStatus("whk-pay-4-paid", "done");

        assertThat(shopify.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(2);
        assertThat(payments("71930000004")).hasSize(2);
        assertThat(invoice(orderId)).containsEntry("payment_state", "paid");
    }

    @Test
    void aServerErrorIsRetriedWithBackoff() throws Exception {
        String orderId = "5829460300005";
        String path = "/admin/api/2024-07/orders/" + orderId + "/transactions.json";
        shopify.stubFor(get(urlPathEqualTo(path)).inScenario("503").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"errors\":\"Service Unavailable\"}")).willSetStateTo("up"));
        shopify.stubFor(get(urlPathEqualTo(path)).inScenario("503").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(transactionsBody(orderId, "71930000005"))));

        deliver(order(orderId), "orders/paid", "whk-pay-5-paid");
        awaitStatus("whk-pay-5-paid", "done");

        assertThat(shopify.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(2);
        assertThat(payments("71930000005")).hasSize(2);
    }

    @Test
    void aWrongAccessTokenIsAnExceptionWithShopifysReasonAndNoPayment() throws Exception {
        String orderId = "5829460300006";
        shopify.stubFor(get(urlPathEqualTo("/admin/api/2024-07/orders/" + orderId + "/transactions.json"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}")));

        deliver(order(orderId), "orders/paid", "whk-pay-6-paid");
        JsonNode t = awaitStatus("whk-pay-6-paid", "failed");

        assertThat(t.path("exceptions").get(0).path("error").asText()).contains("refused with 401", "Invalid API key or access token",
                "read_orders");
        assertThat(odoo.count("account.payment", "create")).isZero();
    }

    @Test
    void aPaymentOdooMovesOutOfALockedPeriodIsABusinessException() throws Exception {
        String orderId = "5829460300007";
        deliver(order(orderId), "orders/create", "whk-pay-7-create");
        awaitStatus("whk-pay-7-create", "done");
        transactions(orderId, "71930000007");
        // locked by an administrator after Finbridge read the lock dates: Odoo re-dates the payments without a word
        odoo.simulator().set("res.company", 1, "period_lock_date", "2024-03-31");
        try {
            deliver(order(orderId), "orders/paid", "whk-pay-7-paid");
            JsonNode t = awaitStatus("whk-pay-7-paid", "failed");

            JsonNode exception = t.path("exceptions").get(0);
            assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
            assertThat(exception.path("error").asText()).contains("Odoo dated it", "instead of 2024-03-01 (a period locked in Odoo)");
        } finally {
            odoo.simulator().set("res.company", 1, "period_lock_date", false);
        }
    }

    /** The order as Shopify sends it on orders/cancelled. */
    static String cancelled(String id) throws Exception {
        return order(id).replace("\"cancel_reason\": null", "\"cancel_reason\": \"customer\"")
                .replace("\"cancelled_at\": null", "\"cancelled_at\": \"2024-03-05T09:00:00-05:00\"");
    }

    static List<Map<String, Object>> creditNotes(String orderId) {
        return odoo.simulator().records("account.move").stream().filter(m -> ("shopify:cancellation:" + orderId).equals(m.get("ref"))).toList();
    }

    @Test
    void aCancelledOrderWhoseInvoiceIsADraftCancelsTheDraft() throws Exception {
        String orderId = "5829460300011";
        deliver(order(orderId), "orders/create", "whk-cx-1-create");
        awaitStatus("whk-cx-1-create", "done");
        // finance reset it to draft (button_draft) to look at it
        odoo.simulator().set("account.move", ((Number) invoice(orderId).get("id")).intValue(), "state", "draft");
        odoo.resetCounts();

        deliver(cancelled(orderId), "orders/cancelled", "whk-cx-1-cancel");
        awaitStatus("whk-cx-1-cancel", "done");

        assertThat(invoice(orderId)).containsEntry("state", "cancel");
        assertThat(odoo.count("account.move", "button_cancel")).isEqualTo(1);
        assertThat(creditNotes(orderId)).isEmpty();
    }

    @Test
    void aCancelledOrderWhosePostedInvoiceIsUnpaidIsReversedByACreditNoteReconciledWithIt() throws Exception {
        String orderId = "5829460300012";
        deliver(order(orderId), "orders/create", "whk-cx-2-create");
        awaitStatus("whk-cx-2-create", "done");
        odoo.resetCounts();

        deliver(cancelled(orderId), "orders/cancelled", "whk-cx-2-cancel");
        awaitStatus("whk-cx-2-cancel", "done");
        deliver(cancelled(orderId), "orders/cancelled", "whk-cx-2-cancel-again");
        awaitStatus("whk-cx-2-cancel-again", "done");

        List<Map<String, Object>> notes = creditNotes(orderId);
        assertThat(notes).as("one credit note, also when the cancellation comes twice").hasSize(1);
        Map<String, Object> cn = notes.get(0);
        Map<String, Object> inv = invoice(orderId);
        assertThat(cn).containsEntry("move_type", "out_refund").containsEntry("state", "posted").containsEntry("reversed_entry_id", inv.get("id"))
                .containsEntry("invoice_date", "2024-03-05").containsEntry("partner_id", inv.get("partner_id"));
        assertThat((BigDecimal) cn.get("amount_total")).isEqualByComparingTo((BigDecimal) inv.get("amount_total"));
        assertThat((BigDecimal) cn.get("amount_untaxed")).isEqualByComparingTo("68.15");
        assertThat(inv).containsEntry("state", "posted").containsEntry("payment_state", "reversed");
        assertThat(odoo.count("account.move", "button_cancel")).isZero();
        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(odoo.count("account.move", "js_assign_outstanding_line")).isEqualTo(1);
    }

    @Test
    void aCancelledOrderWhoseInvoiceIsPaidIsReversedNeverCancelledAndItsPaymentsStayReconciled() throws Exception {
        String orderId = "5829460300013";
        transactions(orderId, "71930000013");
        deliver(order(orderId), "orders/paid", "whk-cx-3-paid");
        awaitStatus("whk-cx-3-paid", "done");
        odoo.resetCounts();

        deliver(cancelled(orderId), "orders/cancelled", "whk-cx-3-cancel");
        JsonNode t = awaitStatus("whk-cx-3-cancel", "done");

        assertThat(odoo.count("account.move", "button_cancel")).as("a paid invoice is never cancelled").isZero();
        Map<String, Object> inv = invoice(orderId);
        assertThat(inv).containsEntry("state", "posted").containsEntry("payment_state", "paid");
        assertThat(payments("71930000013")).hasSize(2).allSatisfy(p -> assertThat(p).containsEntry("is_reconciled", true));
        List<Map<String, Object>> notes = creditNotes(orderId);
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).containsEntry("state", "posted").containsEntry("reversed_entry_id", inv.get("id"));
        assertThat((BigDecimal) notes.get(0).get("amount_residual")).as("open for the refund").isEqualByComparingTo("72.58");
        assertThat(odoo.count("account.move", "js_assign_outstanding_line")).isZero();
        assertThat(t.toString()).contains("never cancelled");
    }

    @Test
    void aCancelledOrderThatWasNeverInvoicedWritesNothing() throws Exception {
        deliver(cancelled("5829460300014"), "orders/cancelled", "whk-cx-4-cancel");
        JsonNode t = awaitStatus("whk-cx-4-cancel", "done");

        assertThat(t.path("notWritten").toString()).contains("cancelled before it was invoiced");
        assertThat(odoo.count("account.move", "create")).isZero();
    }

    @Test
    void aCancelledOrderWhoseInvoiceIsCreditedAlreadyIsForFinanceAndCreditsNothingTwice() throws Exception {
        String orderId = "5829460300015";
        deliver(order(orderId), "orders/create", "whk-cx-5-create");
        awaitStatus("whk-cx-5-create", "done");
        Map<String, Object> inv = invoice(orderId);
        // a refund of the order booked before the cancellation (by the refund flow, or by hand)
        odoo.simulator().setUp("account.move", 9001, Map.of("move_type", "out_refund", "state", "posted", "name", "RINV/2026/09001",
                "ref", "shopify:refund:990001", "reversed_entry_id", inv.get("id"), "amount_total", new BigDecimal("20.00"), "company_id", 1));
        odoo.resetCounts();

        deliver(cancelled(orderId), "orders/cancelled", "whk-cx-5-cancel");
        JsonNode t = awaitStatus("whk-cx-5-cancel", "failed");

        assertThat(t.path("exceptions").get(0).path("error").asText()).contains("credited already by RINV/2026/09001", "finance decides");
        assertThat(creditNotes(orderId)).isEmpty();
        assertThat(odoo.count("account.move", "create")).isZero();
    }
}
