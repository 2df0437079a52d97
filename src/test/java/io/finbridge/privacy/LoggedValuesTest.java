package io.finbridge.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.LogCapture;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the probe found in the log: a data-quality message quoting a 300 kB field (about three times per event) and a
 * customer's email. Sent over HTTP into the sandbox, a Stripe customer whose email field is a 300 kB value that is
 * not an email goes to review, and neither the log nor the review queue shows more than a masked excerpt of it.
 */
class LoggedValuesTest {

    static final String SECRET = "whsec_logged_values_test_5093";
    static final ObjectMapper JSON = new ObjectMapper();
    static LogCapture logs;
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        fb = RuntimeFixture.start(s);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void aHugeFieldThatBreaksItsRuleIsLoggedAndReviewedAsABoundedMaskedExcerpt() throws Exception {
        String email = "jane.doe@example.com " + "x".repeat(300_000);
        int before = logs.text().length();
        String body = StripeEvents.customerCreated("evt_logged_0001", "cus_logged0001", "Jane Doe", email);
        HttpResponse<String> r = fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now())));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode trace = await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> t = fb.getAsOperator("/api/events/evt_logged_0001");
            return t.statusCode() == 200 ? JSON.readTree(t.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equalsIgnoreCase("failed"));

        String exceptions = fb.getAsOperator("/api/exceptions").body();
        assertThat(exceptions).contains("is not an email address").contains("'j***@example.com xxx")
                .contains("(300021 characters)").doesNotContain("jane.doe@example.com").doesNotContain("x".repeat(200));
        assertThat(trace.toString()).doesNotContain("jane.doe@example.com").doesNotContain("x".repeat(200));

        // what was logged from the delivery on (Camel's start-up describes its routes in long lines of its own)
        String text = logs.text().substring(before);
        assertThat(text).as("the event was logged on its way to review").contains("to the exception queue as data_quality")
                .contains("is not an email address");
        for (String line : text.split("\n")) {
            assertThat(line.length()).as("a log line of " + line.length() + " characters: " + line.substring(0, Math.min(200, line.length())))
                    .isLessThan(2_000);
        }
        assertThat(text).doesNotContain("jane.doe@example.com").contains("j***@example.com");
    }
}
