package io.finbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/audit/verify} called again and again while webhooks are stored and processed (both append to the
 * chain): every answer is intact, none reports the false break the probe found ("the chain ends at row X but its
 * head says Y"), and a row really altered meanwhile is still found.
 */
class AuditVerifyUnderLoadTest {

    static final String SECRET = "whsec_audit_load_test_8812";
    static final ObjectMapper JSON = new ObjectMapper();
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        fb = RuntimeFixture.start(s);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
    }

    @Test
    void verifyingWhileWritersAppendNeverReportsAFalseBreakAndStillFindsARealOne() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int writer = w;
            running.add(writers.submit(() -> {
                for (int i = 0; writing.get(); i++) {
                    String body = StripeEvents.customerCreated("evt_audit_" + writer + "_" + i, "cus_audit" + writer + "x" + i,
                            "Load " + writer + " " + i, "load" + writer + "." + i + "@example.com");
                    if (fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json", "Stripe-Signature",
                            StripeEvents.signature(SECRET, body, Instant.now()))).statusCode() == 200) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            List<Long> seen = new ArrayList<>();
            while (accepted.get() < 20) {
                Thread.sleep(20);
            }
            for (int call = 0; call < 40; call++) {
                JsonNode answer = JSON.readTree(fb.getAsOperator("/api/audit/verify").body());
                assertThat(answer.path("ok").asBoolean()).as("call " + call + " while writing: " + answer).isTrue();
                assertThat(answer.path("status").asText()).isEqualTo("intact");
                seen.add(answer.path("rows").asLong());
            }
            assertThat(seen).as("each check verifies up to the head it read, which only grows").isSorted();
            assertThat(seen.get(seen.size() - 1)).as("the chain grew while it was checked").isGreaterThan(seen.get(0));

            try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement()) {
                // what a DBA with full rights could do, while the writers go on
                st.execute("DROP TRIGGER audit_log_append_only");
                st.execute("UPDATE audit_log SET detail = '{\"source\":\"stripe\",\"type\":\"edited\"}' WHERE seq = 3");
            }
            for (int call = 0; call < 3; call++) {
                JsonNode broken = JSON.readTree(fb.getAsOperator("/api/audit/verify").body());
                assertThat(broken.path("ok").asBoolean()).isFalse();
                assertThat(broken.path("firstBrokenSeq").asLong()).isEqualTo(3);
                assertThat(broken.path("reason").asText()).contains("altered");
            }
        } finally {
            writing.set(false);
            for (Future<?> f : running) {
                f.get();
            }
            writers.shutdownNow();
        }
        assertThat(accepted.get()).isGreaterThan(20);
    }
}
