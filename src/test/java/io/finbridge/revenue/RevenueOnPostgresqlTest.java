package io.finbridge.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.Money;
import io.finbridge.testing.MutableClock;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/** The same schedules, runs and usage rating on PostgreSQL 15 (PostgresAggregationRepository, the same migrations). */
class RevenueOnPostgresqlTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPeriodRunTwicePostsOnceAndUsageIsRatedOnPostgresql() throws Exception {
        String url = TestStores.postgresSchema();
        MutableClock clock = new MutableClock(Instant.parse("2026-02-20T00:00:00Z"));
        Map<String, String> s = RuntimeFixture.baseline("sandbox", url);
        s.put("finbridge.console.enabled", "false");
        AtomicInteger posted = new AtomicInteger();
        List<Invoice> usage = new CopyOnWriteArrayList<>();
        try (RuntimeFixture fb = RuntimeFixture.start(s, clock)) {
            AdviceWith.adviceWith(fb.runtime().camelContext(), "revenue-entry-to-odoo", a -> {
                a.weaveById("recognition-entry-sent").remove();
                a.weaveById("recognition-entry-posting")
                    .replace().process(ex -> posted.incrementAndGet());
            });
            AdviceWith.adviceWith(fb.runtime().camelContext(), "usage-invoice-to-odoo", a -> {
                a.weaveById("usage-invoice-sent").remove();
                a.weaveById("usage-invoice-posting")
                    .replace().process(ex -> usage.add(ex.getMessage().getBody(Invoice.class)));
            });
            RevenueSchedules schedules = fb.runtime().camelContext().getRegistry().lookupByNameAndType(RevenueSchedules.BEAN_NAME, RevenueSchedules.class);
            schedules.recordInvoice(RecognitionRunTest.invoice("in_pg", "us", "USD", "cus_pg", "sub_pg",
                    RecognitionRunTest.line("il_pg", "31.00", "USD", "2026-01-15", "2026-02-15")));
            for (int i = 0; i < 2; i++) {
                JsonNode run = JSON.readTree(fb.postAsOperator("/api/revenue/runs", "{\"period\": \"2026-01\", \"dryRun\": false}").body());
                assertThat(RecognitionRunTest.entry(run, "revenue-recognition:us:USD:2026-01").get("recognized").asText()).isEqualTo("17.00");
            }
            assertThat(posted.get()).isEqualTo(1);

            String events = "[{\"idempotencyKey\": \"p1\", \"customer\": \"cus_pg\", \"meter\": \"api_calls\", \"quantity\": 15000, \"timestamp\": \"2026-02-05T00:00:00Z\"},"
                    + "{\"idempotencyKey\": \"p1\", \"customer\": \"cus_pg\", \"meter\": \"api_calls\", \"quantity\": 15000, \"timestamp\": \"2026-02-05T00:00:00Z\"}]";
            assertThat(JSON.readTree(fb.postAsOperator("/api/usage", events).body()).get("accepted").asInt()).isEqualTo(1);
            clock.set(Instant.parse("2026-03-03T01:00:00Z"));
            fb.runtime().camelContext().createProducerTemplate().sendBody("direct:close-usage-periods", null);
            await().atMost(Duration.ofSeconds(20)).until(() -> usage.size() == 1);
            assertThat(usage.get(0).lines().get(0).amount()).isEqualTo(Money.of("600.00", "USD"));
        } finally {
            TestStores.dropPostgresSchema(url);
        }
    }
}
