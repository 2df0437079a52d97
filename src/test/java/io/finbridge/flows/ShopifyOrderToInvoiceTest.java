package io.finbridge.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Shopify orders, as signed webhooks, into customer invoices in a WireMock Odoo 17 (the simulator: Odoo's own line
 * arithmetic, the least-privilege user): the exact values Odoo receives, totals that tie out, the calls it costs.
 */
class ShopifyOrderToInvoiceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "shpss_order_flow_2207";
    static OdooUnderTest odoo;
    static RuntimeFixture fb;
    /** orders/paid also books the order's payments, read from the Admin API (ShopifyOrderPaymentsTest): one card sale. */
    static com.github.tomakehurst.wiremock.WireMockServer shopify;

    @BeforeAll
    static void start() throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.webhooks.shopify.secret", SECRET);
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-timeout", "50ms");
        shopify = new com.github.tomakehurst.wiremock.WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort());
        shopify.start();
        shopify.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                "/admin/api/2024-07/orders/[0-9]+/transactions.json")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"transactions\":[{\"id\":7190000009001,"
                        + "\"order_id\":5829460189463,\"kind\":\"sale\",\"gateway\":\"shopify_payments\",\"status\":\"success\","
                        + "\"message\":\"Transaction approved\",\"created_at\":\"2024-03-01T10:15:20-05:00\",\"test\":false,"
                        + "\"parent_id\":null,\"processed_at\":\"2024-03-01T10:15:20-05:00\",\"source_name\":\"web\",\"amount\":\"72.58\","
                        + "\"currency\":\"USD\",\"payment_id\":\"#1001.1\",\"manual_payment_gateway\":false,"
                        + "\"admin_graphql_api_id\":\"gid://shopify/OrderTransaction/7190000009001\"}]}")));
        s.put("finbridge.shopify.admin-url", "http://127.0.0.1:" + shopify.port());
        s.put("finbridge.shopify.access-token", "shpat_invoice_flow_test");
        fb = RuntimeFixture.start(s);
        // the reference data (companies, journals, taxes) is resolved in Odoo once at start
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
    }

    static HttpResponse<String> deliver(String fixture, String topic, String webhookId) throws Exception {
        Path dir = Path.of("src/test/resources/fixtures/shopify");
        return deliverBody(Files.readString(dir.resolve(fixture + ".json")), fixture, topic, webhookId);
    }

    static HttpResponse<String> deliverBody(String body, String fixture, String topic, String webhookId) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> h = JSON.readValue(Path.of("src/test/resources/fixtures/shopify", fixture + ".headers.json").toFile(), Map.class);
        return fb.send(fb.post("/webhooks/shopify", body, "Content-Type", "application/json", "X-Shopify-Hmac-Sha256", hmac(body),
                "X-Shopify-Topic", topic, "X-Shopify-Shop-Domain", h.get("X-Shopify-Shop-Domain"), "X-Shopify-Webhook-Id", webhookId,
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

    static Map<String, Object> move(String ref) {
        List<Map<String, Object>> found = odoo.simulator().records("account.move").stream().filter(m -> ref.equals(m.get("ref"))).toList();
        assertThat(found).as("invoices with ref " + ref).hasSize(1);
        return found.get(0);
    }

    static void totals(Map<String, Object> move, String untaxed, String tax, String total) {
        assertThat((BigDecimal) move.get("amount_untaxed")).isEqualByComparingTo(untaxed);
        assertThat((BigDecimal) move.get("amount_tax")).isEqualByComparingTo(tax);
        assertThat((BigDecimal) move.get("amount_total")).isEqualByComparingTo(total);
    }

    @Test
    void anOrderWithLineAndCodeDiscountsShippingAndExcludedTaxBecomesOnePostedInvoiceThatTiesOut() throws Exception {
        assertThat(deliver("order-us-line-and-code-discounts", "orders/create", "whk-oti-1").statusCode()).isEqualTo(200);
        JsonNode t = awaitStatus("whk-oti-1", "done");

        Map<String, Object> invoice = move("shopify:order:5829460400001");
        assertThat(invoice).containsEntry("state", "posted").containsEntry("move_type", "out_invoice").containsEntry("company_id", 1);
        totals(invoice, "57.97", "4.20", "62.17");
        String create = odoo.calls("account.move", "create").get(0).getBodyAsString();
        JsonNode vals = JSON.readTree(create).path("params").path("args").get(5).get(0).get(0);
        assertThat(vals.path("invoice_line_ids").toString()).isEqualTo("[[0,0,{\"product_id\":11,\"name\":\"Organic Tee - Black / M (3 × 9.99, less 6.50) · SPRING\","
                + "\"quantity\":1,\"price_unit\":23.47,\"tax_ids\":[[6,0,[6]]]}],"
                + "[0,0,{\"product_id\":13,\"name\":\"Enamel Mug 350 ml · SPRING\",\"quantity\":1,\"price_unit\":24.0,\"discount\":6.25,\"tax_ids\":[[6,0,[6]]]}],"
                + "[0,0,{\"name\":\"Shipping: Express\",\"quantity\":1,\"price_unit\":12.0,\"account_id\":24,\"tax_ids\":[[6,0,[6]]]}]]");
        assertThat(vals.path("ref").asText()).isEqualTo("shopify:order:5829460400001");
        assertThat(vals.path("invoice_date").asText()).isEqualTo("2026-11-20");
        assertThat(JSON.readTree(create).path("params").path("args").get(6).path("context").path("allowed_company_ids").toString()).isEqualTo("[1]");
        JsonNode write = null;
        for (JsonNode w : t.path("odooWrites")) {
            if (w.path("detail").path("model").asText().equals("account.move")) {
                write = w.path("detail");
            }
        }
        assertThat(write).isNotNull();
        assertThat(write.path("posted").asBoolean()).isTrue();
    }

    @Test
    void anEuOrderWithVatIncludedInPricesTiesOut() throws Exception {
        deliver("order-eu-tax-included", "orders/create", "whk-oti-eu");
        awaitStatus("whk-oti-eu", "done");

        Map<String, Object> invoice = move("shopify:order:5829460200001");
        assertThat(invoice).containsEntry("company_id", 2).containsEntry("currency_id", 125);
        totals(invoice, "54.12", "10.28", "64.40");
    }

    @Test
    void jpyAndKwdOrdersTieOutToTheirMinorUnit() throws Exception {
        deliver("order-jp-jpy", "orders/create", "whk-oti-jpy");
        deliver("order-kw-kwd", "orders/create", "whk-oti-kwd");
        awaitStatus("whk-oti-jpy", "done");
        awaitStatus("whk-oti-kwd", "done");

        totals(move("shopify:order:5829460400002"), "6802", "915", "7717");
        totals(move("shopify:order:5829460400003"), "28.726", "4.084", "32.810");
    }

    @Test
    void aRedeliveredOrderAndItsPaidEventMakeNoSecondInvoice() throws Exception {
        deliver("order-us-paid", "orders/create", "whk-oti-paid-1");
        awaitStatus("whk-oti-paid-1", "done");
        deliver("order-us-paid", "orders/create", "whk-oti-paid-2");
        deliver("order-us-paid", "orders/paid", "whk-oti-paid-3");
        JsonNode again = awaitStatus("whk-oti-paid-2", "done");
        awaitStatus("whk-oti-paid-3", "done");

        totals(move("shopify:order:5829460189463"), "68.15", "4.43", "72.58");
        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(again.path("notWritten").toString()).contains("already in Odoo");
    }

    @Test
    void anOrderOfAKnownCustomerWithKnownProductsCostsThreeOdooCalls() throws Exception {
        deliver("order-us-paid", "orders/create", "whk-oti-hot-1");
        awaitStatus("whk-oti-hot-1", "done");
        String second = Files.readString(Path.of("src/test/resources/fixtures/shopify/order-us-paid.json"))
                .replace("5829460189463", "5829460189464").replace("\"#1001\"", "\"#1004\"");
        odoo.resetCounts();
        deliverBody(second, "order-us-paid", "orders/create", "whk-oti-hot-2");
        awaitStatus("whk-oti-hot-2", "done");

        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(odoo.count("account.move", "action_post")).isEqualTo(1);
        assertThat(odoo.count("account.move", "read")).isEqualTo(1);
        assertThat(odoo.simulator().wireMock().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/jsonrpc"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("execute_kw")))).as("all Odoo calls").hasSize(3);
    }

    @Test
    void aTaxWhoseRateOdooDoesNotHaveIsABusinessExceptionAndNothingReachesOdoo() throws Exception {
        deliver("order-us-unmapped-tax", "orders/create", "whk-oti-tax");
        JsonNode t = awaitStatus("whk-oti-tax", "failed");

        JsonNode exception = t.path("exceptions").get(0);
        assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
        assertThat(exception.path("error").asText()).contains("CA State Tax (8.25 %", "'7.25% CA' of entity us, which is 7.25 %");
        assertThat(exception.path("attempts").asInt()).as("not retried").isEqualTo(1);
        assertThat(odoo.count("account.move", "create")).isZero();
    }

    @Test
    void aSignedButTruncatedOrderIsRefusedWithTheReasonAndNothingIsKept() throws Exception {
        String body = Files.readString(Path.of("src/test/resources/fixtures/shopify/order-us-paid.json"));
        HttpResponse<String> r = deliverBody(body.substring(0, body.length() / 2), "order-us-paid", "orders/create", "whk-oti-trunc");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed JSON");
        assertThat(fb.getAsOperator("/api/events/whk-oti-trunc").statusCode()).isEqualTo(404);
    }

    @Test
    void aSkuOdooDoesNotKnowIsBookedOnRevenueWithItsSkuAndCounted() throws Exception {
        deliver("order-us-unknown-sku", "orders/create", "whk-oti-sku");
        JsonNode t = awaitStatus("whk-oti-sku", "done");

        assertThat(odoo.calls("account.move", "create").get(0).getBodyAsString()).contains("\"name\":\"[HAT-WOOL-GRN] Wool Hat - Green\"")
                .contains("\"account_id\":24");
        assertThat(t.path("odooWrites").toString()).contains("SKUs Odoo has no product for, booked on the revenue account: HAT-WOOL-GRN");
        assertThat(fb.get("/metrics").body()).containsPattern("finbridge_posting_unknown_sku_total\\{entity=\"us\"[^}]*\\} [1-9]");
        totals(move("shopify:order:5829460400005"), "30.00", "2.18", "32.18");
    }
}
