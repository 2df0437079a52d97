package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.RawHttp;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events whose id, type or version the inbox cannot keep, sent from outside over HTTP, signed as their platforms sign
 * them: each is refused with 400 and a reason before the write, counted, and never fails another delivery; when the
 * store itself refuses a row, only that request fails; when the store is down, every answer is 503 without SQL.
 */
class WebhookValidationTest {

    static final String STRIPE_SECRET = "whsec_validation_test_6620";
    static final String SHOPIFY_SECRET = "shpss_validation_test_6620";
    static final String HUBSPOT_SECRET = "hubspot-validation-test-6620";
    static final String RELAY_TOKEN = "relay-validation-token-6620";
    static final ObjectMapper JSON = new ObjectMapper();
    /** What an answer must never show: Java exceptions, stack frames, SQL, the store's name. */
    static final Pattern INTERNALS = Pattern.compile("(?i)Exception|\\bat [a-z]+\\.[a-z]+\\.|org\\.h2|SELECT |INSERT |inbox_event|VARCHAR|constraint");
    static RuntimeFixture fb;
    static RawHttp raw;

    @BeforeAll
    static void start() throws Exception {
        startOn(TestStores.h2());
    }

    static void startOn(String storeUrl) throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", storeUrl);
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        s.put("finbridge.webhooks.shopify.secret", SHOPIFY_SECRET);
        s.put("finbridge.webhooks.hubspot.secret", HUBSPOT_SECRET);
        s.put("finbridge.webhooks.public-url", "https://finbridge.example.com");
        s.put("finbridge.webhooks.relay.token", RELAY_TOKEN);
        s.put("finbridge.webhooks.relay.dedupe-header", "X-Relay-Id");
        // events stay in the inbox: this test is about what is stored, not what is posted
        s.put("finbridge.inbox.workers", "0");
        fb = RuntimeFixture.start(s);
        raw = RawHttp.to(fb);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
    }

    static String stripeEvent(String idJson, String typeJson, String versionJson) {
        return "{\"id\":" + idJson + ",\"object\":\"event\",\"api_version\":" + versionJson + ",\"created\":1795430000,"
                + "\"data\":{\"object\":{\"id\":\"cus_valid\",\"object\":\"customer\"}},\"livemode\":false,"
                + "\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null}"
                + (typeJson == null ? "" : ",\"type\":" + typeJson) + "}";
    }

    static HttpResponse<String> stripe(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.signature(STRIPE_SECRET, body, Instant.now())));
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    static void assertRefused(HttpResponse<String> r, String what, String outcome, String reasonContains) throws Exception {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).as(what).isEqualTo(outcome);
        assertThat(body.path("reason").asText()).as(what).contains(reasonContains);
        assertThat(INTERNALS.matcher(r.body()).find()).as(what + " shows internals: " + r.body()).isFalse();
    }

    static long stored(String dedupeKey) throws Exception {
        try (Connection c = fb.runtime().store().dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM inbox_event WHERE dedupe_key = ?")) {
            ps.setString(1, dedupeKey);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aSignedStripeEventWhoseIdIsNotAUsableStringGets400WithItsReason() throws Exception {
        Map<String, String[]> ids = new java.util.LinkedHashMap<>();
        ids.put("\"\"", new String[] {"missing_key", "Stripe event id is blank"});
        ids.put("\" \"", new String[] {"missing_key", "Stripe event id is blank"});
        ids.put("{}", new String[] {"invalid_event", "Stripe event id must be a string, not an object"});
        ids.put("[]", new String[] {"invalid_event", "Stripe event id must be a string, not an array"});
        ids.put("[\"evt_a\"]", new String[] {"invalid_event", "not an array"});
        ids.put("42", new String[] {"invalid_event", "not a number"});
        ids.put("true", new String[] {"invalid_event", "not a boolean"});
        ids.put("null", new String[] {"missing_key", "Stripe event id is missing"});
        ids.put(q("evt_" + "x".repeat(297)), new String[] {"invalid_event", "301 characters long, over the 300"});
        ids.put(q("evt_tab\\tinside"), new String[] {"invalid_event", "control character"});
        for (var e : ids.entrySet()) {
            assertRefused(stripe(stripeEvent(e.getKey(), q("customer.created"), q("2024-06-20"))), "id " + e.getKey(),
                    e.getValue()[0], e.getValue()[1]);
        }
        assertRefused(stripe(stripeEvent(q("evt_val_noid"), null, q("2024-06-20")).replace("\"id\":\"evt_val_noid\",", "")),
                "no id at all", "missing_key", "Stripe event id is missing");
        // the longest id the column keeps is taken
        String longest = "evt_" + "y".repeat(296);
        assertThat(stripe(stripeEvent(q(longest), q("customer.created"), q("2024-06-20"))).statusCode()).isEqualTo(200);
        assertThat(stored(longest)).isEqualTo(1);
        assertThat(stored("evt_" + "x".repeat(297))).isZero();
    }

    @Test
    void aSignedStripeEventWhoseTypeOrVersionTheInboxCannotKeepGets400() throws Exception {
        Map<String, String[]> types = new java.util.LinkedHashMap<>();
        types.put(null, new String[] {"missing_key", "Stripe event type is missing"});
        types.put("null", new String[] {"missing_key", "Stripe event type is missing"});
        types.put("\"\"", new String[] {"missing_key", "Stripe event type is blank"});
        types.put("7", new String[] {"invalid_event", "Stripe event type must be a string, not a number"});
        types.put("{\"a\":1}", new String[] {"invalid_event", "not an object"});
        types.put(q("x".repeat(201)), new String[] {"invalid_event", "201 characters long, over the 200"});
        types.put(q("x".repeat(250)), new String[] {"invalid_event", "250 characters long, over the 200"});
        int i = 0;
        for (var e : types.entrySet()) {
            String id = "evt_val_type_" + i++;
            assertRefused(stripe(stripeEvent(q(id), e.getKey(), q("2024-06-20"))), "type " + e.getKey(), e.getValue()[0], e.getValue()[1]);
            assertThat(stored(id)).isZero();
        }
        assertRefused(stripe(stripeEvent(q("evt_val_version"), q("customer.created"), q("2".repeat(51)))), "api_version",
                "invalid_event", "Stripe event api_version is 51 characters long, over the 50");
        assertRefused(stripe(stripeEvent(q("evt_val_version2"), q("customer.created"), "[]")), "api_version", "invalid_event",
                "not an array");
        assertRefused(stripe("[" + stripeEvent(q("evt_val_array"), q("customer.created"), q("2024-06-20")) + "]"), "an array body",
                "malformed", "must be a JSON object");
        assertThat(stripe(stripeEvent(q("evt_val_type_max"), q("t".repeat(200)), q("2024-06-20"))).statusCode())
                .as("the longest type the column keeps").isEqualTo(200);

        String metrics = fb.get("/metrics").body();
        assertThat(metrics).contains("finbridge_webhooks_received_total{outcome=\"invalid_event\",source=\"stripe\"}")
                .contains("finbridge_webhooks_received_total{outcome=\"missing_key\",source=\"stripe\"}");
    }

    static byte[] hmac(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> shopify(String webhookId, String topic, String eventId, String version) throws Exception {
        String body = "{\"id\":706405506930370084,\"email\":\"bob@example.com\",\"first_name\":\"Bob\",\"last_name\":\"Norman\"}";
        List<String> h = new ArrayList<>(List.of("Content-Type", "application/json", "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com",
                "X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac(SHOPIFY_SECRET, body))));
        for (String[] kv : new String[][] {{"X-Shopify-Webhook-Id", webhookId}, {"X-Shopify-Topic", topic},
                {"X-Shopify-Event-Id", eventId}, {"X-Shopify-API-Version", version}}) {
            if (kv[1] != null) {
                h.add(kv[0]);
                h.add(kv[1]);
            }
        }
        return fb.send(fb.post("/webhooks/shopify", body, h.toArray(String[]::new)));
    }

    @Test
    void aShopifyWebhookWhoseHeadersTheInboxCannotKeepGets400() throws Exception {
        assertRefused(shopify("w".repeat(301), "customers/update", "e1", "2024-07"), "webhook id", "invalid_event",
                "header X-Shopify-Webhook-Id is 301 characters long, over the 300");
        assertRefused(shopify("whk-val-1", "t".repeat(201), "e1", "2024-07"), "topic", "invalid_event",
                "header X-Shopify-Topic is 201 characters long, over the 200");
        assertRefused(shopify("whk-val-2", null, "e1", "2024-07"), "no topic", "missing_key", "header X-Shopify-Topic is missing");
        assertRefused(shopify("whk-val-3", "customers/update", "e".repeat(301), "2024-07"), "event id", "invalid_event",
                "header X-Shopify-Event-Id is 301 characters long");
        assertRefused(shopify("whk-val-4", "customers/update", "e1", "v".repeat(51)), "version", "invalid_event",
                "header X-Shopify-API-Version is 51 characters long, over the 50");
        assertThat(stored("whk-val-1") + stored("whk-val-2") + stored("whk-val-3") + stored("whk-val-4")).isZero();
        assertThat(shopify("whk-val-5", "t".repeat(200), "e".repeat(300), "v".repeat(50)).statusCode()).as("at the limits").isEqualTo(200);
    }

    static HttpResponse<String> hubspot(String batch) throws Exception {
        long ts = System.currentTimeMillis();
        String signature = Base64.getEncoder().encodeToString(hmac(HUBSPOT_SECRET,
                "POST" + "https://finbridge.example.com/webhooks/hubspot" + batch + ts));
        return fb.send(fb.post("/webhooks/hubspot", batch, "Content-Type", "application/json",
                "X-HubSpot-Signature-v3", signature, "X-HubSpot-Request-Timestamp", Long.toString(ts)));
    }

    static String hubspotEvent(String eventIdJson, String typeJson) {
        return "{\"eventId\":" + eventIdJson + ",\"subscriptionId\":2001,\"portalId\":62515,\"appId\":54321,\"occurredAt\":1795430000000,"
                + "\"subscriptionType\":" + typeJson + ",\"attemptNumber\":0,\"objectId\":1246965,\"changeSource\":\"CRM\"}";
    }

    @Test
    void aHubSpotBatchWithOneEventTheInboxCannotKeepIsRefusedWhole() throws Exception {
        String good = hubspotEvent("7001", q("company.creation"));
        assertRefused(hubspot("[" + good + "," + hubspotEvent("{}", q("company.creation")) + "]"), "eventId object", "invalid_event",
                "HubSpot event 1 eventId must be a string or a whole number, not an object");
        assertRefused(hubspot("[" + good + "," + hubspotEvent("\"\"", q("company.creation")) + "]"), "eventId blank", "missing_key",
                "HubSpot event 1 eventId is blank");
        assertRefused(hubspot("[" + good + "," + hubspotEvent("1.5", q("company.creation")) + "]"), "eventId fraction", "invalid_event",
                "not a number");
        assertRefused(hubspot("[" + good + "," + hubspotEvent("7002", q("s".repeat(201))) + "]"), "subscriptionType", "invalid_event",
                "HubSpot event 1 subscriptionType is 201 characters long");
        assertRefused(hubspot("[" + good + ",\"x\"]"), "an event that is not an object", "malformed", "HubSpot event 1 must be a JSON object");
        assertThat(stored("7001")).as("a request is stored whole or not at all").isZero();
        assertThat(hubspot("[" + good + "]").statusCode()).isEqualTo(200);
    }

    @Test
    void aGenericSourceWhoseKeyOrTypeTheInboxCannotKeepGets400() throws Exception {
        // the sandbox's demo source: dedupe key at $.id, type at $.type, the published demo token
        String token = "X-Finbridge-Token";
        Map<String, String[]> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"id\":{\"a\":1},\"type\":\"demo.x\"}", new String[] {"invalid_event", "dedupe key ($.id) must be a string or a number, not an object"});
        bodies.put("{\"id\":[1],\"type\":\"demo.x\"}", new String[] {"invalid_event", "not an array"});
        bodies.put("{\"id\":true,\"type\":\"demo.x\"}", new String[] {"invalid_event", "not a boolean"});
        bodies.put("{\"id\":\"  \",\"type\":\"demo.x\"}", new String[] {"missing_key", "dedupe key ($.id) is blank"});
        bodies.put("{\"id\":\"" + "d".repeat(301) + "\",\"type\":\"demo.x\"}", new String[] {"invalid_event", "301 characters long, over the 300"});
        bodies.put("{\"id\":\"demo-val-1\",\"type\":\"" + "t".repeat(201) + "\"}", new String[] {"invalid_event", "event type ($.type) is 201 characters long"});
        bodies.put("{\"id\":\"demo-val-2\",\"type\":{\"k\":\"v\"}}", new String[] {"invalid_event", "event type ($.type) must be a string or a number"});
        for (var e : bodies.entrySet()) {
            assertRefused(fb.send(fb.post("/webhooks/demo", e.getKey(), token, "sandbox-demo-token")), e.getKey().substring(0, 20),
                    e.getValue()[0], e.getValue()[1]);
        }
        assertThat(fb.send(fb.post("/webhooks/demo", "{\"id\":12345,\"type\":\"demo.x\"}", token, "sandbox-demo-token")).statusCode())
                .as("a number id").isEqualTo(200);
        assertThat(stored("12345")).isEqualTo(1);

        assertRefused(fb.send(fb.post("/webhooks/relay", "{\"n\":1}", token, RELAY_TOKEN, "X-Relay-Id", "r".repeat(301))), "header key",
                "invalid_event", "dedupe key (header X-Relay-Id) is 301 characters long");
        assertRefused(fb.send(fb.post("/webhooks/relay", "{\"n\":1}", token, RELAY_TOKEN)), "no header key",
                "missing_key", "dedupe key (header X-Relay-Id) is missing");
        assertThat(fb.send(fb.post("/webhooks/relay", "{\"n\":1}", token, RELAY_TOKEN, "X-Relay-Id", "relay-val-1")).statusCode()).isEqualTo(200);
        assertThat(fb.get("/metrics").body()).contains("finbridge_webhooks_received_total{outcome=\"invalid_event\",source=\"demo\"}")
                .contains("finbridge_webhooks_received_total{outcome=\"missing_key\",source=\"relay\"}");
    }

    /** Sends {@code count} signed Stripe events at once, every fifth with {@code poisonType}; returns [poisoned?, status, body]. */
    static List<Object[]> burst(String prefix, int count, String poisonType) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Object[]>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                boolean poisoned = i % 5 == 0;
                String id = prefix + String.format("%04d", i);
                String body = stripeEvent(q(id), q(poisoned ? poisonType : "customer.created"), q("2024-06-20"));
                answers.add(pool.submit((Callable<Object[]>) () -> {
                    HttpResponse<String> r = stripe(body);
                    return new Object[] {poisoned, r.statusCode(), r.body(), id};
                }));
            }
            List<Object[]> out = new ArrayList<>();
            for (Future<Object[]> f : answers) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertOnlyThePoisonedAreRefused(List<Object[]> answers, String prefix, String outcome) throws Exception {
        for (Object[] a : answers) {
            String what = a[3] + " (" + ((boolean) a[0] ? "poisoned" : "valid") + ")";
            if ((boolean) a[0]) {
                assertThat((int) a[1]).as(what + ": " + a[2]).isEqualTo(400);
                assertThat(JSON.readTree((String) a[2]).path("error").asText()).as(what).isEqualTo(outcome);
                assertThat(INTERNALS.matcher((String) a[2]).find()).as(what + " shows internals: " + a[2]).isFalse();
                assertThat((String) a[2]).as("no other request's data").doesNotContain(prefix);
                assertThat(stored((String) a[3])).as(what + " is not kept").isZero();
            } else {
                assertThat((int) a[1]).as(what + ": " + a[2]).isEqualTo(200);
                assertThat(stored((String) a[3])).as(what + " is kept").isEqualTo(1);
            }
        }
    }

    @Test
    void twoHundredConcurrentDeliveriesWithEveryFifthTypeTooLongFailOnlyThePoisonedOnes() throws Exception {
        List<Object[]> answers = burst("evt_burst_a_", 200, "x".repeat(250));
        assertOnlyThePoisonedAreRefused(answers, "evt_burst_a_", "invalid_event");
    }

    @Test
    void aRowTheStoreItselfRefusesFailsOnlyItsOwnRequestNotTheBatchItSharedACommitWith() throws Exception {
        // a rule of the store that the gateway does not know (as a column a DBA narrowed would be): the group commit
        // fails on the row, the writer writes the batch's halves apart, and only the request at fault is refused
        try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE inbox_event ADD CONSTRAINT test_no_poison CHECK (event_type NOT LIKE 'poison.%')");
        }
        try {
            List<Object[]> answers = burst("evt_burst_b_", 200, "poison.created");
            assertOnlyThePoisonedAreRefused(answers, "evt_burst_b_", "unstorable");
            assertThat(JSON.readTree((String) answers.get(0)[2]).path("reason").asText())
                    .isEqualTo("the inbox cannot store this event: a value breaks one of the store's rules; nothing was kept");
        } finally {
            try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE inbox_event DROP CONSTRAINT test_no_poison");
            }
        }
        assertThat(fb.get("/metrics").body()).contains("finbridge_webhooks_received_total{outcome=\"unstorable\",source=\"stripe\"}");
        // the audit chain holds across the failed commits
        assertThat(JSON.readTree(fb.getAsOperator("/api/audit/verify").body()).path("ok").asBoolean()).isTrue();
    }

    @Test
    void aStoreThatCannotWriteAtAllAnswersEveryDelivery503WithoutSql() throws Exception {
        try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE inbox_event RENAME TO inbox_event_away");
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                answers.add(stripe(stripeEvent(q("evt_down_" + i), q("customer.created"), q("2024-06-20"))));
            }
        } finally {
            try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE inbox_event_away RENAME TO inbox_event");
            }
        }
        for (HttpResponse<String> r : answers) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(r.body()).path("reason").asText())
                    .isEqualTo("the store could not take the event; nothing was kept, send it again later");
            assertThat(INTERNALS.matcher(r.body()).find()).as(r.body()).isFalse();
        }
        assertThat(stripe(stripeEvent(q("evt_down_after"), q("customer.created"), q("2024-06-20"))).statusCode())
                .as("back once the store is").isEqualTo(200);
    }

    @Test
    void aStripeSignatureInUpperCaseHexIsRefused() throws Exception {
        String body = stripeEvent(q("evt_val_upper"), q("customer.created"), q("2024-06-20"));
        long t = Instant.now().getEpochSecond();
        String upper = "t=" + t + ",v1=" + HexFormat.of().withUpperCase().formatHex(hmac(STRIPE_SECRET, t + "." + body));
        RawHttp.Answer a = raw.send("POST", "/webhooks/stripe", body, "Stripe-Signature: " + upper);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).contains("bad_signature").contains("64 lowercase hex digits");
        assertThat(stored("evt_val_upper")).isZero();
        RawHttp.Answer lower = raw.send("POST", "/webhooks/stripe", body, "Stripe-Signature: " + upper.toLowerCase());
        assertThat(lower.status()).as("the same signature as Stripe writes it").isEqualTo(200);
    }
}
