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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The inbound gateway end to end: signed Stripe webhooks over HTTP into the inbox, a flow creating partners through
 * the odoo: component into a WireMock-backed Odoo 17 (the sandbox simulator, real JSON-RPC envelopes and errors),
 * failures injected with WireMock stubs in Odoo's and proxies' real shapes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboundGatewayTest {

    static final String SECRET = "whsec_gateway_test_3310";
    static final String ODOO_KEY = "gateway-test-odoo-key-3310";
    static final ObjectMapper JSON = new ObjectMapper();
    static OdooSimulator odoo;
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        odoo = OdooSimulator.startRecording(ODOO_KEY);
        Map<String, String> s = RuntimeFixture.baseline("dev", TestStores.h2());
        s.put("finbridge.routes.location", "routes/inbound,routes/ops,routes/batch,routes/flows/inbox-flow-error-handling.yaml,"
                + "src/test/resources/routes/inbound-e2e");
        s.put("finbridge.odoo.url", odoo.url());
        s.put("finbridge.odoo.database", OdooSimulator.DATABASE);
        s.put("finbridge.odoo.login", OdooSimulator.LOGIN);
        s.put("finbridge.odoo.api-key", ODOO_KEY);
        s.put("finbridge.odoo.protocol", "jsonrpc");
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        s.put("finbridge.webhooks.max-body-bytes", "65536");
        s.put("finbridge.inbox.retry-base", "200ms");
        s.put("finbridge.inbox.circuit-minimum-calls", "50");
        fb = RuntimeFixture.start(s);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
        if (odoo != null) {
            odoo.close();
        }
    }

    static HttpResponse<String> deliver(String body) throws Exception {
        return deliver(body, StripeEvents.signature(SECRET, body, Instant.now()));
    }

    static HttpResponse<String> deliver(String body, String signature) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json", "Stripe-Signature", signature));
    }

    static JsonNode trace(String eventId) throws Exception {
        HttpResponse<String> r = fb.getAsOperator("/api/events/" + eventId);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    static JsonNode awaitStatus(String eventId, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> trace(eventId),
                t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    /** Partners in the simulated Odoo that carry this natural key. */
    static long partnersWithRef(String ref) {
        return odoo.records("res.partner").stream().filter(r -> ref.equals(r.get("ref"))).count();
    }

    /** Requests Odoo received for this model and method whose body matches {@code also}. */
    static int odooCalls(String model, String method, String also) {
        String regex = "(?s).*\"" + model.replace(".", "\\.") + "\",\\s*\"" + method + "\".*" + also + ".*";
        return odoo.wireMock().countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(matching(regex)).build()).getCount();
    }

    @Test
    @Order(1)
    void theSameWebhookDeliveredTenTimesAlsoConcurrentlyCreatesOnePartner() throws Exception {
        String body = StripeEvents.customerCreated("evt_dup_0001", "cus_dup0001", "Grace Hopper", "grace@example.com");
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add(deliver(body).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<CompletableFuture<Integer>> parallel = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parallel.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return deliver(body).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        parallel.forEach(f -> codes.add(f.join()));
        pool.shutdown();
        assertThat(codes).hasSize(10).containsOnly(200);
        HttpResponse<String> answer = deliver(body);
        assertThat(answer.headers().firstValue("Stripe-Signature")).as("the request's signature is not echoed").isEmpty();
        JsonNode t = awaitStatus("evt_dup_0001", "done");
        assertThat(t.path("event").path("duplicatesReceived").asInt()).isEqualTo(10);
        assertThat(odooCalls("res.partner", "create", "grace@example.com")).isEqualTo(1);
        assertThat(partnersWithRef("stripe:customer:cus_dup0001")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void badInputGetsItsStatusAndNothingIsStored() throws Exception {
        String body = StripeEvents.customerCreated("evt_bad_0001", "cus_bad0001", "Bad Input", "bad@example.com");
        HttpResponse<String> forged = deliver(body, StripeEvents.signature("whsec_someone_else", body, Instant.now()));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("no v1 signature matches");
        HttpResponse<String> stale = deliver(body, StripeEvents.signature(SECRET, body, Instant.now().minusSeconds(3600)));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("tolerance");
        HttpResponse<String> unsigned = fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json"));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        String malformed = "{\"id\":\"evt_bad_0002\",\"type\":";
        HttpResponse<String> parse = deliver(malformed);
        assertThat(parse.statusCode()).isEqualTo(400);
        assertThat(parse.body()).contains("malformed JSON").contains("line 1");
        String big = "{\"id\":\"evt_bad_0003\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> tooLarge = deliver(big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        HttpResponse<String> nobody = fb.send(fb.post("/webhooks/nosuchsource", "{}", "Content-Type", "application/json"));
        assertThat(nobody.statusCode()).isEqualTo(404);
        for (String id : List.of("evt_bad_0001", "evt_bad_0002", "evt_bad_0003")) {
            assertThat(trace(id)).as(id + " stored").isNull();
        }
        assertThat(fb.get("/metrics").body()).contains("finbridge_webhooks_received_total{outcome=\"bad_signature\",source=\"stripe\"}")
                .contains("outcome=\"too_large\"").contains("outcome=\"malformed\"")
                .contains("finbridge_webhooks_received_total{outcome=\"unknown_source\",source=\"unknown\"}")
                .doesNotContain("source=\"nosuchsource\"");
    }

    @Test
    @Order(3)
    void odooAnswering503ThreeTimesThenOkPostsOnce() throws Exception {
        String scenario = "odoo-503";
        String createThis = "(?s).*\"res\\.partner\",\\s*\"create\".*ada503@example\\.com.*";
        String[] states = {Scenario.STARTED, "failed-1", "failed-2", "recovered"};
        for (int i = 0; i < 3; i++) {
            odoo.wireMock().stubFor(post(urlEqualTo("/jsonrpc")).atPriority(1).withRequestBody(matching(createThis))
                    .inScenario(scenario).whenScenarioStateIs(states[i]).willSetStateTo(states[i + 1])
                    .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                            .withBody("<html><head><title>503 Service Temporarily Unavailable</title></head><body><center>"
                                    + "<h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>")));
        }
        deliver(StripeEvents.customerCreated("evt_503_0001", "cus_503", "Ada Lovelace", "ada503@example.com"));
        JsonNode t = awaitStatus("evt_503_0001", "done");
        assertThat(odooCalls("res.partner", "create", "ada503@example.com")).as("create attempts").isEqualTo(4);
        assertThat(partnersWithRef("stripe:customer:cus_503")).as("records posted").isEqualTo(1);
        assertThat(t.path("exceptions")).isEmpty();
        assertThat(t.path("odooWrites")).hasSize(1);
        assertThat(t.path("odooWrites").get(0).path("detail").path("operation").asText()).isEqualTo("create");
    }

    @Test
    @Order(4)
    void aValidationErrorIsOneBusinessExceptionAndAReplayWithTheFixedPayloadPostsOnce() throws Exception {
        deliver(StripeEvents.customerCreated("evt_val_0001", "cus_val0001", null, "noname@example.com"));
        JsonNode failed = awaitStatus("evt_val_0001", "failed");
        JsonNode exception = failed.path("exceptions").get(0);
        assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
        assertThat(exception.path("error").asText()).contains("Contacts require a name");
        assertThat(exception.path("attempts").asInt()).isEqualTo(1);
        assertThat(odooCalls("res.partner", "create", "noname@example.com")).as("not retried").isEqualTo(1);

        long caseId = exception.path("id").asLong();
        HttpResponse<String> list = fb.getAsOperator("/api/exceptions?classification=business_rule&source=stripe");
        assertThat(list.body()).contains("\"id\":" + caseId);
        String fixed = StripeEvents.customerCreated("evt_val_0001", "cus_val0001", "Named Now", "noname@example.com");
        HttpResponse<String> replay = fb.postAsOperator("/api/exceptions/" + caseId + "/replay",
                "{\"payload\": " + fixed + "}");
        assertThat(replay.statusCode()).isEqualTo(202);
        JsonNode done = awaitStatus("evt_val_0001", "done");
        assertThat(partnersWithRef("stripe:customer:cus_val0001")).isEqualTo(1);
        assertThat(done.path("exceptions").get(0).path("status").asText()).isEqualTo("resolved");
        assertThat(done.path("operatorActions").get(0).path("actor").asText()).isEqualTo(RuntimeFixture.CONSOLE_USER);
        JsonNode shown = JSON.readTree(fb.getAsOperator("/api/exceptions/" + caseId).body());
        assertThat(shown.path("originalPayload").asText()).contains("\"name\":null");
        assertThat(shown.path("correctedPayload").asText()).contains("Named Now");

        HttpResponse<String> again = fb.postAsOperator("/api/exceptions/" + caseId + "/replay", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(odooCalls("res.partner", "create", "noname@example.com")).as("the replay created once").isEqualTo(2);
    }

    @Test
    @Order(5)
    void anExceptionCarriesItsFinancialImpactInTheCurrencysOwnUnits() throws Exception {
        deliver(StripeEvents.chargeForCustomer("evt_jpy_0001", "ch_jpy0001", "yen@example.com", 5000, "jpy"));
        deliver(StripeEvents.chargeForCustomer("evt_kwd_0001", "ch_kwd0001", "dinar@example.com", 12345, "kwd"));
        deliver(StripeEvents.chargeForCustomer("evt_usd_0001", "ch_usd0001", "dollar@example.com", 1999, "usd"));
        awaitStatus("evt_usd_0001", "failed");
        awaitStatus("evt_jpy_0001", "failed");
        awaitStatus("evt_kwd_0001", "failed");
        JsonNode items = JSON.readTree(fb.getAsOperator("/api/exceptions?source=stripe&status=open").body()).path("items");
        assertThat(amountOf(items, "evt_jpy_0001")).isEqualTo("5000 JPY");
        assertThat(amountOf(items, "evt_kwd_0001")).isEqualTo("12.345 KWD");
        assertThat(amountOf(items, "evt_usd_0001")).isEqualTo("19.99 USD");
        JsonNode big = JSON.readTree(fb.getAsOperator("/api/exceptions?minAmount=1000").body()).path("items");
        assertThat(big).extracting(n -> n.path("eventId").asText()).contains("evt_jpy_0001").doesNotContain("evt_usd_0001");
    }

    private static String amountOf(JsonNode items, String eventId) {
        for (JsonNode i : items) {
            if (i.path("eventId").asText().equals(eventId)) {
                return i.path("amount").asText() + " " + i.path("currency").asText();
            }
        }
        return null;
    }

    @Test
    @Order(6)
    void financeOperatorsHaveAReviewPageBehindTheLogin() throws Exception {
        assertThat(fb.get("/review/").statusCode()).isEqualTo(401);
        HttpResponse<String> page = fb.getAsOperator("/review/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Exception queue").contains("/api/exceptions").contains("/replay").contains("/discard");
        assertThat(fb.getAsOperator("/review/other.html").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void discardNeedsAReasonAndIsAudited() throws Exception {
        deliver(StripeEvents.customerCreated("evt_dis_0001", "cus_dis0001", null, "discard@example.com"));
        long caseId = awaitStatus("evt_dis_0001", "failed").path("exceptions").get(0).path("id").asLong();
        assertThat(fb.postAsOperator("/api/exceptions/" + caseId + "/discard", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> ok = fb.postAsOperator("/api/exceptions/" + caseId + "/discard",
                "{\"reason\": \"test customer, never invoiced\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"status\":\"discarded\"").contains("\"resolvedBy\":\"ops\"");
        JsonNode t = awaitStatus("evt_dis_0001", "discarded");
        assertThat(t.path("operatorActions").get(0).path("kind").asText()).isEqualTo("DISCARD");
        assertThat(t.path("operatorActions").get(0).path("detail").path("reason").asText()).isEqualTo("test customer, never invoiced");
        assertThat(fb.postAsOperator("/api/exceptions/" + caseId + "/replay", null).statusCode()).isEqualTo(409);
        assertThat(fb.getAsOperator("/api/exceptions/999999").statusCode()).isEqualTo(404);
        assertThat(fb.getAsOperator("/api/exceptions/abc").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(7)
    void theTraceShowsEachStageWithItsTimingAndTheOdooRecordWritten() throws Exception {
        deliver(StripeEvents.customerCreated("evt_trace_0001", "cus_trace0001", "Trace Me", "trace@example.com"));
        JsonNode t = awaitStatus("evt_trace_0001", "done");
        List<String> kinds = new ArrayList<>();
        t.path("timeline").forEach(n -> kinds.add(n.path("kind").asText()));
        assertThat(kinds).startsWith("RECEIVED", "PROCESSING").contains("STAGE", "ODOO_WRITE").endsWith("DONE");
        JsonNode stage = null;
        for (JsonNode n : t.path("timeline")) {
            if (n.path("kind").asText().equals("STAGE") && n.path("detail").path("endpoint").asText().startsWith("odoo:")) {
                stage = n;
            }
        }
        assertThat(stage).isNotNull();
        assertThat(stage.path("detail").path("endpoint").asText()).isEqualTo("odoo://res.partner?operation=create");
        assertThat(stage.path("detail").has("ms")).isTrue();
        JsonNode write = t.path("odooWrites").get(0).path("detail");
        assertThat(write.path("model").asText()).isEqualTo("res.partner");
        assertThat(write.path("id").asInt()).isPositive();
        assertThat(odoo.records("res.partner").stream().filter(r -> "stripe:customer:cus_trace0001".equals(r.get("ref")))
                .map(r -> r.get("id")).toList()).containsExactly(write.path("id").asInt());
        JsonNode withBody = JSON.readTree(fb.getAsOperator("/api/events/evt_trace_0001?body=true").body());
        assertThat(withBody.path("payload").path("data").path("object").path("email").asText()).isEqualTo("trace@example.com");
        assertThat(fb.getAsOperator("/api/events/evt_no_such").statusCode()).isEqualTo(404);
        assertThat(fb.getAsOperator("/api/events?source=stripe&status=done").body()).contains("evt_trace_0001");
    }

    @Test
    @Order(100)
    void theAuditChainVerifiesAndARowAlteredInTheDatabaseIsReported() throws Exception {
        JsonNode ok = JSON.readTree(fb.getAsOperator("/api/audit/verify").body());
        assertThat(ok.path("ok").asBoolean()).isTrue();
        long rows = ok.path("rows").asLong();
        assertThat(rows).isGreaterThan(10);
        try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement()) {
            // what a DBA with full rights could do: lift the guard, change a posted fact
            st.execute("DROP TRIGGER audit_log_append_only");
            st.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5");
        }
        JsonNode broken = JSON.readTree(fb.getAsOperator("/api/audit/verify").body());
        assertThat(broken.path("ok").asBoolean()).isFalse();
        assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(5);
        assertThat(broken.path("reason").asText()).contains("altered");
    }
}
