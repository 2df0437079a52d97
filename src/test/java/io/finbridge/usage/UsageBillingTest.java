package io.finbridge.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.canonical.Money;
import io.finbridge.testing.MutableClock;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;

/**
 * Usage through the operator API to rated invoice lines; the Odoo side is a stub of direct:usage-invoice-to-odoo.
 * One runtime for the class: each test has customers of its own and sets the clock it needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageBillingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-20T12:00:00Z"));
    private final List<Invoice> sent = new CopyOnWriteArrayList<>();
    private RuntimeFixture fb;

    @BeforeEach
    void resetClock() {
        clock.set(Instant.parse("2026-01-20T12:00:00Z"));
        sent.clear();
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.usage.grace", "2d");
        fb = RuntimeFixture.start(s, clock);
        AdviceWith.adviceWith(fb.runtime().camelContext(), "usage-invoice-to-odoo", a -> {
                a.weaveById("usage-invoice-sent").remove();
                a.weaveById("usage-invoice-posting")
                .replace().process(ex -> sent.add(ex.getMessage().getBody(Invoice.class)));
            });
    }

    @AfterAll
    void stop() {
        fb.close();
    }

    static String event(String key, String customer, String meter, Object quantity, String at) {
        return "{\"idempotencyKey\": \"" + key + "\", \"customer\": \"" + customer + "\", \"meter\": \"" + meter
                + "\", \"quantity\": " + quantity + ", \"timestamp\": \"" + at + "\"}";
    }

    JsonNode post(String json) throws Exception {
        HttpResponse<String> r = fb.postAsOperator("/api/usage", json);
        JsonNode body = JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", r.statusCode());
        return body;
    }

    void close() {
        fb.runtime().camelContext().createProducerTemplate().sendBody("direct:close-usage-periods", null);
    }

    @Test
    void usageIsRatedAtPeriodCloseAsOneLinePerMeterWithItsBatch() throws Exception {
        JsonNode r = post("[" + event("e1", "cus_1", "api_calls", 6000, "2026-01-05T10:00:00Z") + ","
                + event("e2", "cus_1", "api_calls", 9000, "2026-01-18T10:00:00Z") + ","
                + event("e1", "cus_1", "api_calls", 6000, "2026-01-05T10:00:00Z") + ","
                + event("s1", "cus_1", "seats", 5, "2026-01-02T10:00:00Z") + ","
                + event("s2", "cus_1", "seats", 12, "2026-01-12T10:00:00Z") + ","
                + event("s3", "cus_1", "seats", 7, "2026-01-19T10:00:00Z") + "]");
        assertThat(r.get("_status").asInt()).isEqualTo(202);
        assertThat(r.get("received").asInt()).isEqualTo(6);
        assertThat(r.get("accepted").asInt()).isEqualTo(5);
        assertThat(r.get("duplicates").asInt()).isEqualTo(1);
        assertThat(post(event("e2", "cus_1", "api_calls", 9000, "2026-01-18T10:00:00Z")).get("duplicates").asInt()).isEqualTo(1);

        close(); // January has not ended: nothing is due
        assertThat(of("cus_1")).isEmpty();
        clock.set(Instant.parse("2026-02-02T23:59:00Z")); // ended, but inside the two days' grace
        close();
        assertThat(of("cus_1")).isEmpty();
        clock.set(Instant.parse("2026-02-03T00:01:00Z"));
        close();
        await().atMost(Duration.ofSeconds(10)).until(() -> of("cus_1").size() == 2);
        InvoiceLine calls = line("cus_1", "api_calls");
        assertThat(calls.amount()).isEqualTo(Money.of("600.00", "USD")); // 15,000 graduated
        assertThat(calls.sourceLineId()).isEqualTo("usage:cus_1:api_calls:2026-01:1");
        assertThat(calls.quantity()).isEqualByComparingTo("15000");
        assertThat(calls.period().start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        InvoiceLine seats = line("cus_1", "seats");
        // max 12 seats, 3 included: 9 at the volume tier up to 10 = 72.00
        assertThat(seats.amount()).isEqualTo(Money.of("72.00", "USD"));
        Invoice inv = of("cus_1").stream().filter(i -> i.lines().get(0) == calls).findFirst().orElseThrow();
        assertThat(inv.customerRef()).isEqualTo("cus_1");
        assertThat(inv.origin().entity()).isEqualTo("us");
        assertThat(inv.imbalances()).isEmpty();

        JsonNode batch = JSON.readTree(fb.getAsOperator("/api/usage/batches/usage:cus_1:api_calls:2026-01:1").body());
        assertThat(batch.get("status").asText()).isEqualTo("sent");
        assertThat(batch.get("events").get(0).get("idempotencyKey").asText()).isEqualTo("e1");
        assertThat(batch.get("events")).hasSize(2);
        assertThat(batch.get("amount").asText()).isEqualTo("600.00");
        assertThat(JSON.readTree(fb.getAsOperator("/api/usage/batches?customer=cus_1&period=2026-01").body()).get("items")).hasSize(2);
        close(); // closing again rates nothing twice
        Thread.sleep(300);
        assertThat(of("cus_1")).hasSize(2);
    }

    @Test
    void eventsLaterThanTheGraceWindowAreAnAdjustmentLineOfTheNextPeriod() throws Exception {
        post(event("a1", "cus_2", "api_calls", 900, "2026-01-10T10:00:00Z"));
        clock.set(Instant.parse("2026-02-03T01:00:00Z"));
        close();
        await().atMost(Duration.ofSeconds(10)).until(() -> of("cus_2").size() == 1);
        assertThat(line("cus_2", "api_calls").amount()).isEqualTo(Money.of("90.00", "USD"));
        sent.clear();
        // 300 more January calls arrive on February 10: billed in February, priced at the margin of January's 900
        clock.set(Instant.parse("2026-02-10T09:00:00Z"));
        post(event("a2", "cus_2", "api_calls", 300, "2026-01-28T10:00:00Z"));
        post(event("b1", "cus_2", "api_calls", 50, "2026-02-09T10:00:00Z"));
        clock.set(Instant.parse("2026-03-03T01:00:00Z"));
        close();
        await().atMost(Duration.ofSeconds(10)).until(() -> of("cus_2").size() == 2);
        InvoiceLine adjustment = of("cus_2").stream().map(i -> i.lines().get(0)).filter(l -> l.description().startsWith("Usage adjustment"))
                .findFirst().orElseThrow();
        // 100 more at 0.10 up to 1,000, 200 at 0.05: 20.00
        assertThat(adjustment.amount()).isEqualTo(Money.of("20.00", "USD"));
        assertThat(adjustment.sourceLineId()).isEqualTo("usage:cus_2:api_calls:2026-01:2");
        assertThat(adjustment.period().start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        InvoiceLine february = of("cus_2").stream().map(i -> i.lines().get(0)).filter(l -> l.sourceLineId().endsWith(":2026-02:1"))
                .findFirst().orElseThrow();
        assertThat(february.amount()).isEqualTo(Money.of("5.00", "USD"));
        JsonNode batch = JSON.readTree(fb.getAsOperator("/api/usage/batches/usage:cus_2:api_calls:2026-01:2").body());
        assertThat(batch.get("kind").asText()).isEqualTo("adjustment");
        assertThat(batch.get("billedPeriod").asText()).isEqualTo("2026-02");
        assertThat(batch.get("events")).extracting(e -> e.get("idempotencyKey").asText()).containsExactly("a2");
    }

    @Test
    void badUsageIsRefusedWithTheReasonAndNothingIsStored() throws Exception {
        JsonNode r = post("[" + event("k1", "cus_9", "api_calls", 1, "2026-01-05T10:00:00Z") + ","
                + event("k2", "cus_9", "api_calls", -3, "2026-01-05T10:00:00Z") + ","
                + "{\"customer\": \"cus_1\", \"meter\": \"api_calls\", \"quantity\": 1, \"timestamp\": \"2026-01-05\"}" + "]");
        assertThat(r.get("_status").asInt()).isEqualTo(400);
        assertThat(r.get("reason").asText()).contains("[1].quantity: must not be negative (-3)")
                .contains("[2].idempotencyKey: required");
        assertThat(post(event("k3", "cus_1", "phone_minutes", 1, "2026-01-05T10:00:00Z")).get("reason").asText())
                .contains("meter 'phone_minutes' is not priced in plan 'standard'");
        assertThat(post(event("k4", "cus_1", "api_calls", 1, "2026-03-05T10:00:00Z")).get("reason").asText())
                .contains("is in the future");
        assertThat(post(event("k5", "cus_1", "api_calls", 1, "yesterday")).get("reason").asText()).contains("not an ISO-8601 instant");
        assertThat(post("not json").get("reason").asText()).contains("not valid JSON");
        assertThat(post("[]").get("reason").asText()).contains("no usage events");
        // the refused request's valid event k1 was not stored: sent again it is accepted
        assertThat(post(event("k1", "cus_9", "api_calls", 1, "2026-01-05T10:00:00Z")).get("accepted").asInt()).isEqualTo(1);
        HttpResponse<String> missing = fb.getAsOperator("/api/usage/batches/usage:nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(fb.getAsOperator("/api/usage/batches?custmer=x").statusCode()).isEqualTo(400);
    }

    private List<Invoice> of(String customer) {
        return sent.stream().filter(i -> i.customerRef().equals(customer)).toList();
    }

    private InvoiceLine line(String customer, String meter) {
        return of(customer).stream().map(i -> i.lines().get(0)).filter(l -> l.productRef().equals(meter)).findFirst().orElseThrow();
    }
}
