package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention as an operator sees it, with the shipped routes: an event done long ago loses its payload, its trace and
 * hash stay, the audit chain still verifies, and an ignored event without its payload is not re-driven.
 */
class RetentionOverHttpTest {

    private static final String SECRET = "whsec_retention_test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private RuntimeFixture fb;

    @AfterEach
    void close() {
        if (fb != null) {
            fb.close();
        }
    }

    @Test
    void aPurgedEventKeepsItsTraceAndHashAndTheAuditChainStillVerifies() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        s.put("finbridge.console.enabled", "false");
        fb = RuntimeFixture.start(s);
        assertThat(fb.runtime().camelContext().getRoute("inbox-payloads-purged-after-retention")).isNotNull();
        // no flow takes balance.available: the event is stored and ignored
        String body = "{\"id\":\"evt_ret_1\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1795430000,"
                + "\"type\":\"balance.available\",\"livemode\":false,\"data\":{\"object\":{\"object\":\"balance\"}}}";
        HttpResponse<String> ack = fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature",
                io.finbridge.testing.StripeEvents.signature(SECRET, body, Instant.now()), "Content-Type", "application/json"));
        assertThat(ack.statusCode()).isEqualTo(200);
        JsonNode before = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> JSON.readTree(fb.getAsOperator("/api/events/evt_ret_1?body=true").body()),
                t -> t.path("event").path("status").asText().equals("ignored"));
        assertThat(before.path("payload").path("id").asText()).isEqualTo("evt_ret_1");
        assertThat(before.path("event").path("payloadSha256").asText()).isEqualTo(PayloadHash.of(body));
        // it finished 100 days ago
        fb.runtime().store().inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE inbox_event SET finished_at = ? WHERE event_id = 'evt_ret_1'")) {
                up.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofDays(100))));
                return up.executeUpdate();
            }
        });

        Map<String, Object> run = fb.runtime().camelContext().getRegistry()
                .lookupByNameAndType(InboxRetention.BEAN_NAME, InboxRetention.class).purge();

        assertThat(run).containsEntry("purged", 1);
        JsonNode after = JSON.readTree(fb.getAsOperator("/api/events/evt_ret_1?body=true").body());
        assertThat(after.path("payload").isNull()).isTrue();
        assertThat(after.path("headers").isNull()).isTrue();
        assertThat(after.path("event").path("payloadPurgedAt").asText()).isNotBlank();
        assertThat(after.path("event").path("payloadSha256").asText()).isEqualTo(PayloadHash.of(body));
        assertThat(after.path("timeline").toString()).contains("\"kind\":\"RECEIVED\"", PayloadHash.of(body), "\"kind\":\"IGNORED\"");
        JsonNode verify = JSON.readTree(fb.getAsOperator("/api/audit/verify").body());
        assertThat(verify.path("status").asText()).isEqualTo("intact");
        HttpResponse<String> redrive = fb.postAsOperator("/api/events/redrive", "{\"source\":\"stripe\"}");
        assertThat(redrive.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(redrive.body()).path("redriven").asInt()).isZero();
    }
}
