package io.finbridge.inbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox under stress: Odoo down, dependencies late, a restart mid-run, two instances on one PostgreSQL. */
class InboxResilienceTest {

    static final String SECRET = "whsec_resilience_5521";
    static final String LEDGER_TOKEN = "ledger-token-5521";
    static final String ODOO_KEY = "resilience-odoo-key-5521";
    static final ObjectMapper JSON = new ObjectMapper();

    OdooSimulator odoo;

    @BeforeEach
    void odoo() {
        odoo = OdooSimulator.startRecording(ODOO_KEY);
    }

    @AfterEach
    void stopOdoo() {
        odoo.close();
    }

    Map<String, String> settings(String storeUrl) {
        Map<String, String> s = RuntimeFixture.baseline("dev", storeUrl);
        s.put("finbridge.routes.location", "routes/inbound,routes/ops,routes/batch,routes/flows/inbox-flow-error-handling.yaml,"
                + "src/test/resources/routes/inbound-e2e");
        s.put("finbridge.odoo.url", odoo.url());
        s.put("finbridge.odoo.database", OdooSimulator.DATABASE);
        s.put("finbridge.odoo.login", OdooSimulator.LOGIN);
        s.put("finbridge.odoo.api-key", ODOO_KEY);
        s.put("finbridge.odoo.protocol", "jsonrpc");
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        s.put("finbridge.webhooks.ledger.token", LEDGER_TOKEN);
        s.put("finbridge.webhooks.ledger.dedupe-path", "$.id");
        s.put("finbridge.webhooks.ledger.type-path", "$.type");
        s.put("finbridge.inbox.retry-base", "100ms");
        s.put("finbridge.inbox.retry-max", "500ms");
        return s;
    }

    /** Delivers like Stripe: a 503 (store busy, Retry-After) is retried, as every platform does. */
    static HttpResponse<String> customer(RuntimeFixture fb, int n) throws Exception {
        String body = StripeEvents.customerCreated("evt_bulk_" + n, "cus_bulk_" + n, "Customer " + n, "c" + n + "@example.com");
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 5 && (r == null || r.statusCode() == 503); attempt++) {
            if (r != null) {
                Thread.sleep(500);
            }
            r = fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now())));
        }
        return r;
    }

    static JsonNode trace(RuntimeFixture fb, String id) throws Exception {
        HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    static int count(RuntimeFixture fb, String where) {
        return fb.runtime().store().inTransaction(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM inbox_event WHERE " + where)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** How many partners Odoo holds per natural key: the number of records posted per customer. */
    Map<String, Integer> partnersByNaturalKey() {
        Map<String, Integer> out = new HashMap<>();
        for (Map<String, Object> r : odoo.records("res.partner")) {
            if (r.get("ref") instanceof String ref && ref.startsWith("stripe:customer:")) {
                out.merge(ref, 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void anOdooOutageOpensTheCircuitPausesProcessingAndLosesNothing() throws Exception {
        Map<String, String> s = settings(TestStores.h2());
        s.put("finbridge.inbox.circuit-minimum-calls", "3");
        s.put("finbridge.inbox.circuit-open", "1s");
        StubMapping down = odoo.wireMock().stubFor(post(urlEqualTo("/jsonrpc")).atPriority(1)
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                                + "</center><hr><center>nginx</center></body></html>")));
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            for (int i = 0; i < 6; i++) {
                assertThat(customer(fb, 100 + i).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fb.get("/metrics").body().contains("finbridge_inbox_circuit_open 1.0"));
            // Odoo's calls, not the version probes of the circuit and the reachability check
            java.util.function.IntSupplier calls = () -> odoo.wireMock().countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("\"version\"")).build()).getCount();
            int callsWhileOpen = calls.getAsInt();
            Thread.sleep(300);
            assertThat(calls.getAsInt() - callsWhileOpen).as("calls while the circuit is open").isLessThanOrEqualTo(3);
            assertThat(count(fb, "status = 'FAILED'")).isZero();

            odoo.wireMock().removeStub(down);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(fb, "status = 'DONE'") == 6);
            assertThat(fb.get("/metrics").body()).contains("finbridge_inbox_circuit_open 0.0");
            assertThat(partnersByNaturalKey()).hasSize(6).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        }
    }

    @Test
    void aPaymentWaitsForItsInvoiceAndPostsWhenTheInvoiceLands() throws Exception {
        Map<String, String> s = settings(TestStores.h2());
        s.put("finbridge.inbox.park-retry", "10m"); // only the invoice's arrival can wake it within the test
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            String payment = "{\"id\":\"pay_7001\",\"type\":\"payment\",\"invoice\":\"INV-7001\",\"amount\":\"120.00\",\"currency\":\"EUR\"}";
            assertThat(fb.send(fb.post("/webhooks/ledger", payment, "Authorization", "Bearer " + LEDGER_TOKEN)).statusCode()).isEqualTo(200);
            JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> trace(fb, "pay_7001"),
                    t -> t != null && t.path("event").path("status").asText().equals("parked"));
            assertThat(parked.path("event").path("waitingFor").asText()).isEqualTo("invoice:INV-7001");

            String invoice = "{\"id\":\"inv_7001\",\"type\":\"invoice\",\"invoice\":\"INV-7001\"}";
            assertThat(fb.send(fb.post("/webhooks/ledger", invoice, "X-Finbridge-Token", LEDGER_TOKEN)).statusCode()).isEqualTo(200);
            JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> trace(fb, "pay_7001"),
                    t -> t != null && t.path("event").path("status").asText().equals("done"));
            assertThat(done.path("timeline").toString()).contains("PARKED");
            assertThat(odoo.wireMock().countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                    .withRequestBody(matching("(?s).*\"account\\.payment\",\\s*\"create\".*")).build()).getCount()).isEqualTo(1);
        }
    }

    @Test
    void aDependencyThatNeverArrivesBecomesABusinessException() throws Exception {
        Map<String, String> s = settings(TestStores.h2());
        s.put("finbridge.inbox.park-retry", "200ms");
        s.put("finbridge.inbox.park-max-wait", "1s");
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            String payment = "{\"id\":\"pay_7002\",\"type\":\"payment\",\"invoice\":\"INV-NEVER\"}";
            fb.send(fb.post("/webhooks/ledger", payment, "Authorization", "Bearer " + LEDGER_TOKEN));
            JsonNode failed = await().atMost(Duration.ofSeconds(20)).until(() -> trace(fb, "pay_7002"),
                    t -> t != null && t.path("event").path("status").asText().equals("failed"));
            JsonNode ex = failed.path("exceptions").get(0);
            assertThat(ex.path("classification").asText()).isEqualTo("business_rule");
            assertThat(ex.path("errorType").asText()).isEqualTo("DependencyNeverArrived");
            assertThat(ex.path("error").asText()).contains("invoice:INV-NEVER");
        }
    }

    @Test
    void stoppedInTheMiddleOfAThousandEventsEveryEventIsPostedOnce(@TempDir Path dir) throws Exception {
        Map<String, String> s = settings(TestStores.h2File(dir));
        s.put("finbridge.inbox.workers", "8");
        int total = 1000;
        try (RuntimeFixture first = RuntimeFixture.start(s)) {
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                int n = i;
                codes.add(senders.submit(() -> customer(first, n).statusCode()));
            }
            for (Future<Integer> f : codes) {
                assertThat(f.get()).isEqualTo(200);
            }
            senders.shutdown();
            assertThat(count(first, "status <> 'DONE'")).as("work left when stopping").isPositive();
        }
        // what a kill -9 leaves behind: events claimed by an instance that is gone
        try (Connection c = java.sql.DriverManager.getConnection(io.finbridge.store.Dialect.H2.normalize(TestStores.h2File(dir)), "sa", "");
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE inbox_event SET status = 'PROCESSING', claimed_by = 'crashed-instance' "
                    + "WHERE id IN (SELECT id FROM inbox_event WHERE status = 'RECEIVED' ORDER BY id LIMIT 25)");
        }
        try (RuntimeFixture second = RuntimeFixture.start(s)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> count(second, "status = 'DONE'") == total);
            assertThat(count(second, "status <> 'DONE'")).isZero();
        }
        Map<String, Integer> registered = partnersByNaturalKey();
        assertThat(registered).hasSize(total);
        assertThat(registered.values()).allMatch(v -> v == 1);
        assertThat(odoo.wireMock().countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(matching("(?s).*\"res\\.partner\",\\s*\"create\".*")).build()).getCount()).isEqualTo(total);
    }

    @Test
    void twoInstancesOnOnePostgresqlNeverTakeTheSameEvent() throws Exception {
        String pg = TestStores.postgresSchema();
        try (RuntimeFixture a = RuntimeFixture.start(settings(pg)); RuntimeFixture b = RuntimeFixture.start(settings(pg))) {
            int total = 200;
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                int n = 5000 + i;
                RuntimeFixture to = i % 2 == 0 ? a : b;
                codes.add(senders.submit(() -> customer(to, n).statusCode()));
                // every event also delivered a second time, to the other instance
                RuntimeFixture other = to == a ? b : a;
                codes.add(senders.submit(() -> customer(other, n).statusCode()));
            }
            for (Future<Integer> f : codes) {
                assertThat(f.get()).isEqualTo(200);
            }
            senders.shutdown();
            await().atMost(Duration.ofSeconds(90)).until(() -> count(a, "status = 'DONE'") == total);
            Map<String, Integer> registered = partnersByNaturalKey();
            assertThat(registered).hasSize(total);
            assertThat(registered.values()).allMatch(v -> v == 1);
            int byA = count(a, "1 = 1");
            assertThat(byA).isEqualTo(total);
            String processors = a.runtime().store().inTransaction(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT COUNT(DISTINCT detail) FROM audit_log WHERE kind = 'PROCESSING'")) {
                    rs.next();
                    return Integer.toString(rs.getInt(1));
                }
            });
            assertThat(Integer.parseInt(processors)).as("both instances worked").isGreaterThan(1);
            JsonNode verify = JSON.readTree(b.getAsOperator("/api/audit/verify").body());
            assertThat(verify.path("ok").asBoolean()).as("one chain across instances").isTrue();
        } finally {
            TestStores.dropPostgresSchema(pg);
        }
    }
}
