package io.finbridge.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shopify refunds, as signed {@code refunds/create} webhooks, into credit notes in the simulated Odoo 17 (Odoo's line
 * arithmetic, the least-privilege user): the exact values Odoo receives, totals that tie out with what the refund
 * gave back, a refund that waits for its invoice, a redelivery that writes nothing, a tax the invoice does not carry.
 */
class ShopifyRefundToCreditNoteTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "shpss_refund_flow_5521";
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/shopify");
    static OdooUnderTest odoo;
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.webhooks.shopify.secret", SECRET);
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-timeout", "50ms");
        // a parked refund is woken by its invoice's arrival, not by a periodic retry
        s.put("finbridge.inbox.park-retry", "10m");
        fb = RuntimeFixture.start(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(fb.getAsOperator("/api/mappings/reference-data").body())
                .path("refreshedAt").isTextual());
        // the order whose refunds most tests credit: 3 × 9.99 less 6.50, 24.00 less 1.50, shipping 12.00, CA tax 7.25 %
        deliver("order-us-line-and-code-discounts", "orders/create", "whk-rf-order-1101");
        awaitStatus("whk-rf-order-1101", "done");
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

    @Test
    void aPartialRefundOfOneDiscountedLineIsACreditNoteAtItsNetThatTiesOut() throws Exception {
        deliver("refund-us-one-discounted-tee", "refunds/create", "whk-rf-tee-1");
        awaitStatus("whk-rf-tee-1", "done");

        Map<String, Object> invoice = move("shopify:order:5829460400001");
        JsonNode vals = created("shopify:refund:929361471");
        assertThat(vals.toString()).isEqualTo(("{\"move_type\":\"out_refund\",\"partner_id\":%d,\"journal_id\":1,\"currency_id\":1,"
                + "\"invoice_date\":\"2026-11-24\",\"payment_reference\":\"%s\",\"invoice_origin\":\"%s\","
                + "\"invoice_line_ids\":[[0,0,{\"product_id\":11,\"name\":\"Organic Tee - Black / M (1 × 9.99, less 2.17)\",\"quantity\":1,"
                + "\"price_unit\":7.82,\"tax_ids\":[[6,0,[6]]]}]],"
                + "\"reversed_entry_id\":%d,\"narration\":\"Refund of %s: Customer returned one tee\",\"ref\":\"shopify:refund:929361471\"}")
                .formatted(partner(invoice), invoice.get("name"), invoice.get("name"), invoice.get("id"), invoice.get("name"), invoice.get("name")));
        assertThat(contextOf(odoo.calls("account.move", "create").get(0))).isEqualTo("{\"allowed_company_ids\":[1]}");

        Map<String, Object> note = move("shopify:refund:929361471");
        assertThat(note).containsEntry("state", "posted").containsEntry("move_type", "out_refund").containsEntry("company_id", 1)
                .containsEntry("reversed_entry_id", invoice.get("id"));
        totals(note, "7.82", "0.57", "8.39"); // the refund's transaction: 8.39
        // read the invoice, its lines' taxes; create, post, read back; then for the refund's payment the credit note
        // read before it and after its reconciliation
        assertThat(odoo.count("account.move", "read")).isEqualTo(4);
        assertThat(odoo.count("account.move.line", "search_read")).as("the invoice's lines, the payment's receivable item").isEqualTo(2);
        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(odoo.count("account.move", "action_post")).isEqualTo(1);
    }

    @Test
    void refundedShippingIsALineWithTheShippingTaxAndTheTotalIsWhatWasGivenBack() throws Exception {
        deliver("refund-us-mug-and-shipping", "refunds/create", "whk-rf-ship-1");
        awaitStatus("whk-rf-ship-1", "done");

        JsonNode lines = created("shopify:refund:929361472").path("invoice_line_ids");
        assertThat(lines.toString()).isEqualTo("[[0,0,{\"product_id\":13,\"name\":\"Enamel Mug 350 ml\",\"quantity\":1,\"price_unit\":24.0,"
                + "\"discount\":6.25,\"tax_ids\":[[6,0,[6]]]}],"
                + "[0,0,{\"name\":\"Shipping: refunded\",\"quantity\":1,\"price_unit\":12.0,\"account_id\":24,\"tax_ids\":[[6,0,[6]]]}]]");
        totals(move("shopify:refund:929361472"), "34.50", "2.50", "37.00");
    }

    @Test
    void aRefundBeforeItsInvoiceWaitsAndIsCreditedOnceTheInvoiceLands() throws Exception {
        deliver("refund-created", "refunds/create", "whk-rf-early-1");
        JsonNode parked = awaitStatus("whk-rf-early-1", "parked");
        assertThat(parked.toString()).contains("invoice:shopify:order:5829460189463");
        assertThat(odoo.count("account.move", "create")).as("nothing sent while it waits").isZero();

        deliver("order-us-paid", "orders/create", "whk-rf-early-order");
        awaitStatus("whk-rf-early-order", "done");
        awaitStatus("whk-rf-early-1", "done");

        Map<String, Object> note = move("shopify:refund:929361463");
        assertThat(note).containsEntry("state", "posted").containsEntry("reversed_entry_id", move("shopify:order:5829460189463").get("id"));
        totals(note, "22.50", "1.63", "24.13");
        assertThat(created("shopify:refund:929361463").path("invoice_line_ids").toString())
                .isEqualTo("[[0,0,{\"product_id\":11,\"name\":\"Organic Tee - Black / M\",\"quantity\":1,\"price_unit\":25.0,"
                        + "\"discount\":10,\"tax_ids\":[[6,0,[6]]]}]]");
    }

    @Test
    void theSameRefundRedeliveredWritesNothing() throws Exception {
        // another refund of one tee of the same order (its own refund id), delivered twice under two webhook ids
        String body = Files.readString(FIXTURES.resolve("refund-us-one-discounted-tee.json")).replace("929361471", "929361481")
                .replace("1068278571", "1068278581");
        deliverBody(body, "refund-us-one-discounted-tee", "refunds/create", "whk-rf-dup-1");
        awaitStatus("whk-rf-dup-1", "done");
        odoo.resetCounts();
        deliverBody(body, "refund-us-one-discounted-tee", "refunds/create", "whk-rf-dup-2");
        JsonNode again = awaitStatus("whk-rf-dup-2", "done");

        assertThat(odoo.simulator().records("account.move").stream().filter(m -> "shopify:refund:929361481".equals(m.get("ref"))))
                .hasSize(1);
        assertThat(odoo.count("account.move", "create")).isZero();
        assertThat(readIds()).as("the invoice is not read again; the credit note only, for its payment")
                .containsOnly(((Number) move("shopify:refund:929361481").get("id")).intValue());
        assertThat(again.path("notWritten").toString()).contains("already in Odoo");
        // the money given back: one payment, posted once, reconciled once
        assertThat(payment("1068278581")).containsEntry("payment_type", "outbound").containsEntry("state", "posted");
        assertThat(odoo.count("account.payment", "create")).isZero();
        assertThat(odoo.count("account.payment", "action_post")).isZero();
        assertThat(odoo.count("account.move", "js_assign_outstanding_line")).as("reconciled before").isZero();
        assertThat(move("shopify:refund:929361481")).containsEntry("payment_state", "paid");
    }

    @Test
    void aPartialCardRefundIsAnOutboundPaymentFromTheClearingJournalReconciledWithTheCreditNote() throws Exception {
        String body = Files.readString(FIXTURES.resolve("refund-us-one-discounted-tee.json")).replace("929361471", "929361475")
                .replace("1068278571", "1068278575");
        deliverBody(body, "refund-us-one-discounted-tee", "refunds/create", "whk-rf-card-1");
        awaitStatus("whk-rf-card-1", "done");

        Map<String, Object> note = move("shopify:refund:929361475");
        Map<String, Object> pay = payment("1068278575");
        JsonNode sent = paymentCreated("shopify:transaction:1068278575");
        assertThat(sent.toString()).isEqualTo(("{\"payment_type\":\"outbound\",\"partner_type\":\"customer\",\"partner_id\":%d,"
                + "\"amount\":8.39,\"currency_id\":1,\"journal_id\":21,\"date\":\"2026-11-24\",\"ref\":\"shopify:transaction:1068278575\"}")
                .formatted(partner(note)));
        assertThat(pay).containsEntry("state", "posted").containsEntry("journal_id", 21).containsEntry("is_reconciled", true);
        assertThat(note).containsEntry("state", "posted").containsEntry("payment_state", "paid");
        assertThat((BigDecimal) note.get("amount_residual")).isEqualByComparingTo("0");
        assertThat(odoo.count("account.payment", "create")).isEqualTo(1);
        assertThat(odoo.count("account.payment", "action_post")).isEqualTo(1);
        assertThat(odoo.count("account.move", "js_assign_outstanding_line")).isEqualTo(1);
    }

    @Test
    void aRefundSplitBetweenGiftCardAndCardIsTwoPaymentsInTwoJournalsAndTheCreditNoteIsPaid() throws Exception {
        JsonNode refund = JSON.readTree(Files.readString(FIXTURES.resolve("refund-us-one-discounted-tee.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) refund).put("id", 929361495L);
        com.fasterxml.jackson.databind.node.ArrayNode txs = (com.fasterxml.jackson.databind.node.ArrayNode) refund.path("transactions");
        com.fasterxml.jackson.databind.node.ObjectNode card = (com.fasterxml.jackson.databind.node.ObjectNode) txs.get(0);
        com.fasterxml.jackson.databind.node.ObjectNode gift = card.deepCopy();
        gift.put("id", 1068278595L).put("gateway", "gift_card").put("amount", "3.00").putNull("authorization");
        card.put("id", 1068278596L).put("amount", "5.39");
        txs.insert(0, gift);
        deliverBody(refund.toString(), "refund-us-one-discounted-tee", "refunds/create", "whk-rf-split-1");
        awaitStatus("whk-rf-split-1", "done");

        Map<String, Object> note = move("shopify:refund:929361495");
        totals(note, "7.82", "0.57", "8.39");
        assertThat(payment("1068278595")).containsEntry("payment_type", "outbound").containsEntry("journal_id", 22)
                .containsEntry("state", "posted").containsEntry("is_reconciled", true);
        assertThat(payment("1068278596")).containsEntry("payment_type", "outbound").containsEntry("journal_id", 21)
                .containsEntry("state", "posted").containsEntry("is_reconciled", true);
        assertThat((BigDecimal) payment("1068278595").get("amount")).isEqualByComparingTo("3.00");
        assertThat((BigDecimal) payment("1068278596").get("amount")).isEqualByComparingTo("5.39");
        assertThat(note).containsEntry("payment_state", "paid");
        assertThat((BigDecimal) note.get("amount_residual")).isEqualByComparingTo("0");
    }

    @Test
    void aRefundGivenBackThroughAGatewayWithNoJournalIsABusinessExceptionAndTheCreditNoteStaysOpen() throws Exception {
        String body = Files.readString(FIXTURES.resolve("refund-us-one-discounted-tee.json")).replace("929361471", "929361477")
                .replace("1068278571", "1068278577").replace("\"shopify_payments\"", "\"paypal\"");
        deliverBody(body, "refund-us-one-discounted-tee", "refunds/create", "whk-rf-paypal-1");
        JsonNode t = awaitStatus("whk-rf-paypal-1", "failed");

        JsonNode exception = t.path("exceptions").get(0);
        assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
        assertThat(exception.path("error").asText()).contains("no journal for the payment gateway 'paypal'");
        assertThat(move("shopify:refund:929361477")).containsEntry("state", "posted").containsEntry("payment_state", "not_paid");
        assertThat(odoo.count("account.payment", "create")).isZero();
        assertThat(odoo.simulator().records("account.payment").stream().filter(p -> "shopify:transaction:1068278577".equals(p.get("ref"))))
                .isEmpty();
    }

    @Test
    void aRefundTaxTheInvoiceDoesNotCarryIsABusinessExceptionAndNothingReachesOdoo() throws Exception {
        deliver("refund-us-unknown-tax-rate", "refunds/create", "whk-rf-tax-1");
        JsonNode t = awaitStatus("whk-rf-tax-1", "failed");

        JsonNode exception = t.path("exceptions").get(0);
        assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
        assertThat(exception.path("error").asText()).contains("the tax CA State Tax (8.25 %)", "'7.25% CA' 7.25 %", "nothing was sent");
        assertThat(exception.path("attempts").asInt()).as("not retried").isEqualTo(1);
        assertThat(odoo.count("account.move", "create")).isZero();
        assertThat(odoo.simulator().records("account.move").stream().filter(m -> "shopify:refund:929361473".equals(m.get("ref")))).isEmpty();
    }

    @Test
    void aRefundThatGaveNoMoneyBackIsIgnoredWithTheReason() throws Exception {
        // a restock without money: Shopify's refund has its lines but no transaction
        JsonNode refund = JSON.readTree(Files.readString(FIXTURES.resolve("refund-us-one-discounted-tee.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) refund).put("id", 929361491L).putArray("transactions");
        deliverBody(refund.toString(), "refund-us-one-discounted-tee", "refunds/create", "whk-rf-restock-1");
        JsonNode t = awaitStatus("whk-rf-restock-1", "ignored");

        assertThat(t.path("timeline").toString()).contains("refund 929361491 of order 5829460400001 gave no money back");
        assertThat(odoo.count("account.move", "create")).isZero();
        assertThat(odoo.count("account.move", "read")).isZero();
        assertThat(odoo.count("account.payment", "create")).as("no money given back, no payment").isZero();
    }

    // ---- helpers

    static void deliver(String fixture, String topic, String webhookId) throws Exception {
        deliverBody(Files.readString(FIXTURES.resolve(fixture + ".json")), fixture, topic, webhookId);
    }

    static void deliverBody(String body, String fixture, String topic, String webhookId) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> h = JSON.readValue(FIXTURES.resolve(fixture + ".headers.json").toFile(), Map.class);
        HttpResponse<String> r = fb.send(fb.post("/webhooks/shopify", body, "Content-Type", "application/json", "X-Shopify-Hmac-Sha256",
                hmac(body), "X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", h.get("X-Shopify-Shop-Domain"), "X-Shopify-Webhook-Id",
                webhookId, "X-Shopify-API-Version", "2024-07", "X-Shopify-Event-Id", "evt-" + webhookId));
        assertThat(r.statusCode()).isEqualTo(200);
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

    static Map<String, Object> move(String ref) {
        List<Map<String, Object>> found = odoo.simulator().records("account.move").stream().filter(m -> ref.equals(m.get("ref"))).toList();
        assertThat(found).as("moves with ref " + ref).hasSize(1);
        return found.get(0);
    }

    /** The values Odoo received to create the move with this ref. */
    static JsonNode created(String ref) throws Exception {
        for (LoggedRequest r : odoo.calls("account.move", "create")) {
            for (JsonNode vals : JSON.readTree(r.getBodyAsString()).path("params").path("args").get(5).get(0)) {
                if (ref.equals(vals.path("ref").asText())) {
                    return vals;
                }
            }
        }
        throw new AssertionError("Odoo received no create of a move with ref " + ref);
    }

    /** The one payment with ref shopify:transaction:{@code tx} in the simulated Odoo. */
    static Map<String, Object> payment(String tx) {
        List<Map<String, Object>> found = odoo.simulator().records("account.payment").stream()
                .filter(p -> ("shopify:transaction:" + tx).equals(p.get("ref"))).toList();
        assertThat(found).as("payments with ref shopify:transaction:" + tx).hasSize(1);
        return found.get(0);
    }

    /** The values Odoo received to create the payment with this ref. */
    static JsonNode paymentCreated(String ref) throws Exception {
        for (LoggedRequest r : odoo.calls("account.payment", "create")) {
            for (JsonNode vals : JSON.readTree(r.getBodyAsString()).path("params").path("args").get(5).get(0)) {
                if (ref.equals(vals.path("ref").asText())) {
                    return vals;
                }
            }
        }
        throw new AssertionError("Odoo received no create of a payment with ref " + ref);
    }

    /** The ids of the account.move reads Odoo answered since the counts were reset. */
    static List<Integer> readIds() throws Exception {
        List<Integer> ids = new java.util.ArrayList<>();
        for (LoggedRequest r : odoo.calls("account.move", "read")) {
            JsonNode first = JSON.readTree(r.getBodyAsString()).path("params").path("args").get(5).get(0);
            first.forEach(id -> ids.add(id.asInt()));
        }
        return ids;
    }

    static String contextOf(LoggedRequest create) throws Exception {
        return JSON.readTree(create.getBodyAsString()).path("params").path("args").get(6).path("context").toString();
    }

    static int partner(Map<String, Object> move) {
        return ((Number) move.get("partner_id")).intValue();
    }

    static void totals(Map<String, Object> move, String untaxed, String tax, String total) {
        assertThat((BigDecimal) move.get("amount_untaxed")).isEqualByComparingTo(untaxed);
        assertThat((BigDecimal) move.get("amount_tax")).isEqualByComparingTo(tax);
        assertThat((BigDecimal) move.get("amount_total")).isEqualByComparingTo(total);
    }
}
