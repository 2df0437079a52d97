package io.finbridge.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL store and one Odoo: ten deliveries of one customer, at once, half to each, make
 * one partner. Odoo itself does not deduplicate (ten parallel search-then-create calls gave ten partners), so this is
 * the posting leases' doing.
 */
class TwoInstancesPostingTest {

    private static final String SECRET = "whsec_two_instances_3301";
    private OdooUnderTest odoo;
    private String store;
    private final List<RuntimeFixture> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(RuntimeFixture::close);
        if (odoo != null) {
            odoo.close();
        }
        if (store != null) {
            TestStores.dropPostgresSchema(store);
        }
    }

    @Test
    void tenConcurrentDeliveriesOfOneCustomerAcrossTwoInstancesCreateOnePartner() throws Exception {
        store = TestStores.postgresSchema();
        odoo = OdooUnderTest.start();
        // a slow create widens the window in which a second instance could search before the first one created
        odoo.simulator().wireMock().setGlobalFixedDelay(20);
        for (int i = 0; i < 2; i++) {
            Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", store));
            s.put("finbridge.webhooks.stripe.secret", SECRET);
            s.put("finbridge.console.enabled", "false");
            s.put("finbridge.posting.batch-size", "5");
            s.put("finbridge.posting.batch-timeout", "50ms");
            instances.add(RuntimeFixture.start(s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RuntimeFixture to = instances.get(i % 2);
            String body = PartnerPostingTest.customer("evt_two_" + i, "cus_two_same", i == 0 ? "customer.created" : "customer.updated",
                    "Ada Twice", "ada.twice@example.com", null);
            sent.add(pool.submit(() -> {
                go.await();
                return to.send(to.post("/webhooks/stripe", body, "Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now()),
                        "Content-Type", "application/json"));
            }));
        }
        go.countDown();
        for (Future<HttpResponse<String>> f : sent) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        pool.shutdown();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 10; i++) {
            String id = "evt_two_" + i;
            await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(instances.get(0).getAsOperator("/api/events/" + id).body())
                    .path("event").path("status").asText(), "done"::equals);
        }

        assertThat(odoo.count("res.partner", "create")).isEqualTo(1);
        assertThat(odoo.simulator().records("res.partner").stream().filter(r -> "Ada Twice".equals(r.get("name")))).hasSize(1);
    }
}
