package io.finbridge.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customers from Stripe and Shopify through the posting foundation into a WireMock Odoo 17 (the sandbox simulator:
 * the recorded JSON-RPC shapes, and an integration user without Access Rights), counting what Odoo receives.
 */
class PartnerPostingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STRIPE_SECRET = "whsec_partner_posting_8812";
    private static final String SHOPIFY_SECRET = "shpss_partner_posting_8812";

    @TempDir
    Path dir;
    private OdooUnderTest odoo;
    private RuntimeFixture fb;

    @AfterEach
    void stop() {
        if (fb != null) {
            fb.close();
        }
        if (odoo != null) {
            odoo.close();
        }
    }

    private Map<String, String> settings(String storeUrl, Map<String, String> more) {
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", storeUrl));
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        s.put("finbridge.webhooks.shopify.secret", SHOPIFY_SECRET);
        s.put("finbridge.console.enabled", "false");
        s.putAll(more);
        return s;
    }

    private void start(Map<String, String> more) throws Exception {
        odoo = OdooUnderTest.start();
        fb = RuntimeFixture.start(settings(TestStores.h2File(dir), more));
    }

    @Test
    void aNewCustomerCostsOneSearchAndOneCreateAndIsBoundByItsNaturalKey() throws Exception {
        start(Map.of());
        deliver(customer("evt_pp_new_1", "cus_pp_new", "customer.created", "Ada Lovelace", "Ada@Example.com", null));

        JsonNode t = awaitStatus("evt_pp_new_1", "done");

        assertThat(odoo.count("res.partner", "search_read")).isEqualTo(1);
        assertThat(odoo.count("res.partner", "create")).isEqualTo(1);
        assertThat(odoo.countOn("res.partner")).isEqualTo(2);
        // no lookup that Odoo answers with an error (no "External ID not found" in Odoo's log), no ir.model.data
        assertThat(odoo.countOn("ir.model.data")).isZero();
        assertThat(odoo.calls("res.partner", "create").get(0).getBodyAsString())
                .contains("\"name\":\"Ada Lovelace\"", "\"email\":\"ada@example.com\"", "\"ref\":\"stripe:customer:cus_pp_new\"");
        Map<String, Object> partner = partnerWithRef("stripe:customer:cus_pp_new");
        JsonNode write = t.path("odooWrites").get(0).path("detail");
        assertThat(write.path("operation").asText()).isEqualTo("create");
        assertThat(write.path("id").asInt()).isEqualTo(((Number) partner.get("id")).intValue());
        assertThat(binding("stripe", "cus_pp_new")).isEqualTo(partner.get("id"));
    }

    @Test
    void anUpdateFromASourceThatOwnsNoFieldWritesNothingAndTheTraceSaysWhy() throws Exception {
        start(Map.of());
        deliver(customer("evt_pp_upd_1", "cus_pp_upd", "customer.created", "Grace Hopper", "grace@example.com", null));
        awaitStatus("evt_pp_upd_1", "done");

        deliver(customer("evt_pp_upd_2", "cus_pp_upd", "customer.updated", "Grace B. Hopper", "grace@example.com", "+14155550100"));
        JsonNode t = awaitStatus("evt_pp_upd_2", "done");

        assertThat(odoo.count("res.partner", "write")).isZero();
        assertThat(odoo.count("res.partner", "create")).isEqualTo(1);
        assertThat(t.path("odooWrites")).isEmpty();
        String why = t.path("notWritten").get(0).path("detail").path("reason").asText();
        assertThat(why).contains("customer.name is owned by crm", "not stripe");
        assertThat(partnerWithRef("stripe:customer:cus_pp_upd")).containsEntry("name", "Grace Hopper");
    }

    @Test
    void anUpdateOfAFieldItsSourceOwnsWritesOnlyThatFieldOnceAndNothingWhenRepeated() throws Exception {
        Path mappings = dir.resolve("mappings");
        copy(Path.of("mappings"), mappings);
        Path ownership = mappings.resolve("reference/ownership.yaml");
        Files.writeString(ownership, Files.readString(ownership).replace("      currency: billing", "      currency: billing\n      phone: billing"));
        start(Map.of("finbridge.mappings.location", mappings.toString()));
        deliver(customer("evt_pp_own_1", "cus_pp_own", "customer.created", "Katherine Johnson", "kj@example.com", null));
        awaitStatus("evt_pp_own_1", "done");

        deliver(customer("evt_pp_own_2", "cus_pp_own", "customer.updated", "Katherine G. Johnson", "kj@example.com", "+17575550199"));
        JsonNode t = awaitStatus("evt_pp_own_2", "done");
        deliver(customer("evt_pp_own_3", "cus_pp_own", "customer.updated", "Katherine G. Johnson", "kj@example.com", "+17575550199"));
        JsonNode again = awaitStatus("evt_pp_own_3", "done");

        assertThat(odoo.count("res.partner", "write")).isEqualTo(1);
        int id = ((Number) partnerWithRef("stripe:customer:cus_pp_own").get("id")).intValue();
        assertThat(odoo.calls("res.partner", "write").get(0).getBodyAsString())
                .contains("\"write\",[[" + id + "],{\"phone\":\"+17575550199\"}]");
        assertThat(t.path("odooWrites").get(0).path("detail").path("fields").toString()).isEqualTo("[\"phone\"]");
        assertThat(again.path("odooWrites")).isEmpty();
        assertThat(again.path("notWritten").get(0).path("detail").path("reason").asText()).startsWith("nothing changed");
        assertThat(partnerWithRef("stripe:customer:cus_pp_own")).containsEntry("name", "Katherine Johnson")
                .containsEntry("phone", "+17575550199");
    }

    @Test
    void aCrashBetweenOdoosAnswerAndTheBindingIsFoundByItsNaturalKeyAfterTheRestart() throws Exception {
        start(Map.of());
        deliver(customer("evt_pp_crash", "cus_pp_crash", "customer.created", "Hedy Lamarr", "hedy@example.com", null));
        awaitStatus("evt_pp_crash", "done");
        Object created = partnerWithRef("stripe:customer:cus_pp_crash").get("id");
        fb.close();
        fb = null;
        // the state a kill -9 right after Odoo's answer leaves: Odoo has the partner, the store has no binding, the
        // event is still claimed by the dead instance, which also still holds the key's lease
        try (io.finbridge.store.Store store = io.finbridge.store.Store.open(TestStores.h2File(dir), "", "", 1)) {
            store.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    assertThat(st.executeUpdate("DELETE FROM odoo_binding")).isEqualTo(1);
                    assertThat(st.executeUpdate("UPDATE posting_lock SET holder_instance = 'dead-1', holder_token = 'tok', held_until = "
                            + "DATEADD('HOUR', 1, CURRENT_TIMESTAMP) WHERE lock_key LIKE 'binding:%cus_pp_crash'")).isEqualTo(1);
                    st.executeUpdate("UPDATE inbox_event SET status = 'PROCESSING', claimed_by = 'dead-1' WHERE event_id = 'evt_pp_crash'");
                }
                return null;
            });
        }
        odoo.resetCounts();

        fb = RuntimeFixture.start(settings(TestStores.h2File(dir), Map.of()));
        JsonNode t = awaitStatus("evt_pp_crash", "done");

        assertThat(odoo.count("res.partner", "create")).as("no second partner").isZero();
        assertThat(odoo.simulator().records("res.partner").stream().filter(r -> "Hedy Lamarr".equals(r.get("name")))).hasSize(1);
        assertThat(binding("stripe", "cus_pp_crash")).isEqualTo(created);
        assertThat(t.path("notWritten").toString()).contains("found in Odoo by its natural key ref = stripe:customer:cus_pp_crash");
    }

    @Test
    void theSameCustomerFromShopifyAndFromStripeIsOnePartnerWithTwoBindings() throws Exception {
        start(Map.of());
        String shopify = Files.readString(Path.of("src/test/resources/fixtures/shopify/customer-updated.json"));
        HttpResponse<String> r = fb.send(fb.post("/webhooks/shopify", shopify, "X-Shopify-Hmac-Sha256", shopifyHmac(shopify),
                "X-Shopify-Topic", "customers/create", "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com",
                "X-Shopify-Webhook-Id", "whk-pp-maria", "X-Shopify-API-Version", "2024-07", "Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(200);
        awaitStatus("whk-pp-maria", "done");
        deliver(customer("evt_pp_maria", "cus_PfbMariaLopez01", "customer.created", "Maria Lopez", "MARIA.LOPEZ@example.com", null));
        JsonNode t = awaitStatus("evt_pp_maria", "done");

        assertThat(odoo.count("res.partner", "create")).isEqualTo(1);
        Object id = partnerWithRef("shopify:customer:7390123456789").get("id");
        assertThat(binding("stripe", "cus_PfbMariaLopez01")).isEqualTo(id);
        assertThat(binding("shopify", "7390123456789")).isEqualTo(id);
        assertThat(t.path("notWritten").toString()).contains("found in Odoo by email maria.lopez@example.com");
    }

    @Test
    void twentyNewCustomersArrivingTogetherCostOneSearchAndOneCreate() throws Exception {
        start(Map.of("finbridge.posting.batch-size", "20", "finbridge.posting.batch-timeout", "3s"));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = customer("evt_pp_b_" + i, "cus_pp_b_" + i, "customer.created", "Batch Customer " + i, "b" + i + "@example.com", null);
            sent.add(pool.submit(() -> deliver(body)));
        }
        for (Future<HttpResponse<String>> f : sent) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        pool.shutdown();
        for (int i = 0; i < 20; i++) {
            awaitStatus("evt_pp_b_" + i, "done");
        }

        assertThat(odoo.count("res.partner", "search_read")).isEqualTo(1);
        assertThat(odoo.count("res.partner", "create")).isEqualTo(1);
        assertThat(odoo.simulator().records("res.partner").stream().filter(r -> String.valueOf(r.get("ref")).startsWith("stripe:customer:cus_pp_b_")))
                .hasSize(20);
        JsonNode t = awaitStatus("evt_pp_b_7", "done");
        assertThat(t.path("odooWrites").get(0).path("detail").path("batch").asInt()).isEqualTo(20);
    }

    // ---- helpers

    private HttpResponse<String> deliver(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature", StripeEvents.signature(STRIPE_SECRET, body, Instant.now()),
                "Content-Type", "application/json"));
    }

    static String customer(String eventId, String customerId, String type, String name, String email, String phone) {
        return StripeEvents.customerCreated(eventId, customerId, name, email).replace("\"type\":\"customer.created\"", "\"type\":\"" + type + "\"")
                .replace("\"phone\":null", phone == null ? "\"phone\":null" : "\"phone\":\"" + phone + "\"")
                .replace("\"created\":1795430000,\"data\"", "\"created\":" + Instant.now().getEpochSecond() + ",\"data\"");
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    private Map<String, Object> partnerWithRef(String ref) {
        return odoo.simulator().records("res.partner").stream().filter(r -> ref.equals(r.get("ref"))).findFirst()
                .orElseThrow(() -> new AssertionError("no partner with ref " + ref));
    }

    private Object binding(String source, String sourceId) {
        return fb.runtime().store().inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT odoo_id FROM odoo_binding WHERE source = ? AND source_id = ? AND object_type = 'customer'")) {
                ps.setString(1, source);
                ps.setString(2, sourceId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : null;
                }
            }
        });
    }

    private static String shopifyHmac(String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SHOPIFY_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
