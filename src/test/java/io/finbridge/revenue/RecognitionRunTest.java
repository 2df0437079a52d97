package io.finbridge.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.canonical.InvoiceStatus;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.ServicePeriod;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Schedules recorded in the runtime's store, read through the operator API, and recognition runs: previewed, posted
 * once per entity, currency and period, a locked period reported. The Odoo posting is the lead's flow: here a stub
 * stands in for {@code direct:revenue-entry-to-odoo} and counts what it receives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecognitionRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private RuntimeFixture fb;
    private RevenueSchedules schedules;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<RecognitionEntry> entries = new CopyOnWriteArrayList<>();
    private volatile String stubMode = "post";
    private boolean stubbed;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.console.enabled", "false");
        fb = RuntimeFixture.start(s, Clock.fixed(Instant.parse("2026-06-15T08:00:00Z"), ZoneOffset.UTC));
        schedules = fb.runtime().camelContext().getRegistry().lookupByNameAndType(RevenueSchedules.BEAN_NAME, RevenueSchedules.class);
    }

    @AfterAll
    void stop() {
        fb.close();
    }

    private void stubPosting() throws Exception {
        if (stubbed) {
            return;
        }
        stubbed = true;
        AdviceWith.adviceWith(fb.runtime().camelContext(), "revenue-entry-to-odoo", a -> {
                a.weaveById("recognition-entry-sent").remove();
                a.weaveById("recognition-entry-posting")
                .replace().process(ex -> {
                    RecognitionEntry e = ex.getMessage().getBody(RecognitionEntry.class);
                    received.computeIfAbsent(e.key(), k -> new AtomicInteger()).incrementAndGet();
                    entries.add(e);
                    switch (stubMode) {
                        case "lock" -> {
                            ex.getMessage().setHeader(RevenueHeaders.OUTCOME, "locked");
                            ex.getMessage().setHeader(RevenueHeaders.REASON, "period locked in Odoo until 2026-04-30");
                        }
                        case "fail" -> throw new IllegalStateException("Odoo answered 503");
                        default -> {
                            ex.getMessage().setHeader(RevenueHeaders.ODOO_REF, "account.move/" + (400 + received.size()));
                            ex.getMessage().setHeader(RevenueHeaders.POSTED_DATE, e.date().toString());
                            ex.getMessage().setBody(Map.of("id", 400 + received.size()));
                        }
                    }
                });
            });
    }

    static Invoice invoice(String id, String entity, String currency, String customer, String subscription, InvoiceLine... lines) {
        Money total = Money.sum(java.util.Arrays.stream(lines).map(InvoiceLine::amount).toList(), currency);
        return new Invoice(new Origin("stripe", id, entity, Instant.parse("2026-01-15T00:00:00Z"), "stripe-invoice", 2), "INV-" + id,
                customer, currency, InvoiceStatus.PAID, "subscription_create", subscription, null, null, null, List.of(lines),
                total, null, null, total, total, Money.zero(currency));
    }

    static InvoiceLine line(String id, String amount, String currency, String start, String end) {
        return new InvoiceLine(id, "Plan " + id, "price_" + id, null, java.math.BigDecimal.ONE, null, Money.of(amount, currency),
                new ServicePeriod(Instant.parse(start + "T00:00:00Z"), Instant.parse(end + "T00:00:00Z")), false, "si_" + id, List.of());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = fb.getAsOperator(path);
        JsonNode body = JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", r.statusCode());
        return body;
    }

    JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> r = fb.postAsOperator(path, json);
        JsonNode body = JSON.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", r.statusCode());
        return body;
    }

    @Test
    @Order(1)
    void aRealStripeInvoiceGetsOneScheduleForEachLineWithAServicePeriod() throws Exception {
        java.nio.file.Path fixtures = java.nio.file.Path.of("src/test/resources/fixtures/stripe");
        Map<String, Object> headers = JSON.readValue(Files.readString(fixtures.resolve("invoice-paid.headers.json")),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        Invoice inv = (Invoice) fb.runtime().mappings().toCanonical("stripe", "invoice",
                Files.readString(fixtures.resolve("invoice-paid.json")), headers);
        assertThat(schedules.recordInvoice(inv)).hasSize(2);
        schedules.recordInvoice(inv); // again: nothing changes
        JsonNode list = get("/api/revenue/schedules?customer=cus_PfbMariaLopez01");
        assertThat(list.get("items")).hasSize(2);
        assertThat(list.at("/items/0/sourceLine").asText()).isEqualTo("stripe:il_1Oq4Zs2eZvKYlo2CgH6jKl9m");
        assertThat(list.at("/items/0/entries/0/period").asText()).isEqualTo("2024-03");
        assertThat(list.at("/items/0/entries/0/amount").asText()).isEqualTo("49.00");
        JsonNode one = get("/api/revenue/schedules/stripe:il_1Oq4Zs2eZvKYlo2CzX4cVb7n");
        assertThat(one.get("_status").asInt()).isEqualTo(200);
        assertThat(one.get("total").asText()).isEqualTo("30.00");
        assertThat(one.get("adjustments")).isEmpty();
        assertThat(get("/api/revenue/schedules?period=2024-03&entity=us").get("items")).hasSize(2);
        assertThat(get("/api/revenue/schedules?period=2024-04").get("items")).isEmpty();
    }

    @Test
    @Order(2)
    void badScheduleQueriesAreRefusedWithTheReason() throws Exception {
        JsonNode unknown = get("/api/revenue/schedules?custmer=cus_1");
        assertThat(unknown.get("_status").asInt()).isEqualTo(400);
        assertThat(unknown.get("reason").asText()).contains("unknown query parameter 'custmer'");
        JsonNode period = get("/api/revenue/schedules?period=2026-13");
        assertThat(period.get("_status").asInt()).isEqualTo(400);
        assertThat(period.get("reason").asText()).isEqualTo("period '2026-13' has no month 13");
        assertThat(get("/api/revenue/schedules?period=January").get("reason").asText()).contains("expected 2026-01");
        assertThat(get("/api/revenue/schedules?limit=ten").get("_status").asInt()).isEqualTo(400);
        JsonNode missing = get("/api/revenue/schedules/stripe:il_nope");
        assertThat(missing.get("_status").asInt()).isEqualTo(404);
        assertThat(missing.get("reason").asText()).contains("stripe:il_nope");
        assertThat(get("/api/revenue/runs?status=done").get("reason").asText()).contains("not one of previewed");
    }

    @Test
    @Order(4)
    void aDryRunReportsTheEntriesAndSendsNothing() throws Exception {
        stubPosting();
        schedules.recordInvoice(invoice("in_w", "eu", "EUR", "cus_w", "sub_w", line("il_w", "31.00", "EUR", "2026-01-15", "2026-02-15")));
        schedules.recordInvoice(invoice("in_a", "us", "USD", "cus_a", "sub_a", line("il_a", "31.00", "USD", "2026-02-15", "2026-03-15")));
        schedules.recordInvoice(invoice("in_b", "us", "USD", "cus_b", "sub_b", line("il_b", "120.00", "USD", "2026-02-01", "2026-05-01")));
        schedules.recordInvoice(invoice("in_c", "us", "JPY", "cus_c", "sub_c", line("il_c", "3100", "JPY", "2026-02-01", "2026-03-01")));
        JsonNode run = post("/api/revenue/runs", "{\"period\": \"2026-02\", \"lines\": true}");
        assertThat(run.get("_status").asInt()).isEqualTo(200);
        assertThat(run.get("dryRun").asBoolean()).isTrue();
        JsonNode usd = entry(run, "revenue-recognition:us:USD:2026-02");
        assertThat(usd.get("status").asText()).isEqualTo("previewed");
        // 14 of the 28 days of 31.00 = 15.50, and February's 28 of 89 days of 120.00 = 37.75
        assertThat(usd.get("recognized").asText()).isEqualTo("53.25");
        assertThat(usd.get("debit").asText()).isEqualTo("53.25");
        assertThat(usd.get("credit").asText()).isEqualTo("53.25");
        assertThat(usd.get("date").asText()).isEqualTo("2026-02-28");
        assertThat(usd.get("lines")).hasSize(4);
        assertThat(usd.at("/lines/0/account").asText()).isEqualTo("deferred-revenue");
        assertThat(usd.at("/lines/0/debit").asText()).isEqualTo("15.50");
        assertThat(usd.at("/lines/1/account").asText()).isEqualTo("revenue");
        assertThat(usd.at("/lines/1/credit").asText()).isEqualTo("15.50");
        assertThat(usd.at("/lines/1/sourceLine").asText()).isEqualTo("stripe:il_a");
        assertThat(entry(run, "revenue-recognition:us:JPY:2026-02").get("recognized").asText()).isEqualTo("3100");
        assertThat(received).isEmpty();
        assertThat(get("/api/revenue/runs?period=2026-02").get("items")).extracting(n -> n.get("status").asText())
                .containsOnly("previewed");
    }

    @Test
    @Order(5)
    void runningAPeriodTwicePostsOneEntryPerEntityAndCurrency() throws Exception {
        JsonNode first = post("/api/revenue/runs", "{\"period\": \"2026-02\", \"dryRun\": false}");
        assertThat(first.get("_status").asInt()).isEqualTo(200);
        // the EUR line of the dry run's test (January 15 - February 15) has its February too
        assertThat(first.at("/byStatus/posted").asInt()).isEqualTo(3);
        JsonNode second = post("/api/revenue/runs", "{\"period\": \"2026-02\", \"dryRun\": false}");
        assertThat(second.at("/byStatus/posted").asInt()).isEqualTo(3);
        assertThat(received).containsOnlyKeys("revenue-recognition:us:USD:2026-02", "revenue-recognition:us:JPY:2026-02",
                "revenue-recognition:eu:EUR:2026-02");
        assertThat(received.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        RecognitionEntry usd = entries.stream().filter(e -> e.currency().equals("USD")).findFirst().orElseThrow();
        assertThat(usd.date()).isEqualTo(LocalDate.parse("2026-02-28"));
        assertThat(usd.lines()).filteredOn(l -> l.account() == AccountRole.REVENUE).extracting(RecognitionEntry.Line::sourceLineRef)
                .containsExactly("stripe:il_a", "stripe:il_b");
        assertThat(usd.totalDebit()).isEqualTo(usd.totalCredit());
        JsonNode runs = get("/api/revenue/runs?period=2026-02&status=posted");
        assertThat(runs.get("items")).hasSize(3);
        assertThat(runs.at("/items/0/odoo").asText()).startsWith("account.move/");
        assertThat(runs.at("/items/0/by").asText()).isEqualTo(RuntimeFixture.CONSOLE_USER);
    }

    @Test
    @Order(6)
    void aCreditDatedInAPostedPeriodReducesTheNextOpenOne() throws Exception {
        // il_b: 120.00 for February - April (37.75 / 41.80 / 40.45), February posted; a 30.00 credit note dated
        // February 20 takes effect March 1: 30.00 over March's 31 and April's 30 days = 15.25 / 14.75
        schedules.credit("stripe:il_b", ScheduleAdjustment.Kind.CREDIT_NOTE, "stripe:cn_1", Money.of("30.00", "USD"), LocalDate.parse("2026-02-20"));
        JsonNode one = get("/api/revenue/schedules/stripe:il_b");
        assertThat(one.at("/adjustments/0/effective").asText()).isEqualTo("2026-03-01");
        assertThat(one.get("entries")).extracting(n -> n.get("amount").asText()).containsExactly("37.75", "26.55", "25.70");
        assertThat(one.at("/entries/0/recognized").asBoolean()).isTrue();
        assertThat(one.at("/entries/1/recognized").asBoolean()).isFalse();
        assertThat(one.get("total").asText()).isEqualTo("90.00");
    }

    @Test
    @Order(7)
    void aLockedPeriodIsReportedAndNotPosted() throws Exception {
        stubMode = "lock";
        try {
            schedules.recordInvoice(invoice("in_l", "eu", "EUR", "cus_l", "sub_l", line("il_l", "62.00", "EUR", "2026-04-01", "2026-06-01")));
            JsonNode run = post("/api/revenue/runs", "{\"period\": \"2026-04\", \"dryRun\": false}");
            JsonNode eu = entry(run, "revenue-recognition:eu:EUR:2026-04");
            assertThat(eu.get("status").asText()).isEqualTo("locked");
            assertThat(eu.get("detail").asText()).isEqualTo("period locked in Odoo until 2026-04-30");
            // locked is not recognized: a later run tries again
            stubMode = "post";
            assertThat(entry(post("/api/revenue/runs", "{\"period\": \"2026-04\", \"dryRun\": false}"),
                    "revenue-recognition:eu:EUR:2026-04").get("status").asText()).isEqualTo("posted");
        } finally {
            stubMode = "post";
        }
    }

    @Test
    @Order(8)
    void aFailedPostingIsReportedAndRetriedByTheNextRun() throws Exception {
        stubMode = "fail";
        schedules.recordInvoice(invoice("in_f", "us", "USD", "cus_f", "sub_f", line("il_f", "10.00", "USD", "2026-05-01", "2026-05-11")));
        JsonNode run = post("/api/revenue/runs", "{\"period\": \"2026-05\", \"dryRun\": false}");
        assertThat(run.get("_status").asInt()).isEqualTo(502);
        assertThat(entry(run, "revenue-recognition:us:USD:2026-05").get("detail").asText()).contains("Odoo answered 503");
        stubMode = "post";
        JsonNode again = post("/api/revenue/runs", "{\"period\": \"2026-05\", \"dryRun\": false}");
        assertThat(again.get("_status").asInt()).isEqualTo(200);
        assertThat(entry(again, "revenue-recognition:us:USD:2026-05").get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    @Order(9)
    void badRunRequestsAreRefusedWithTheReason() throws Exception {
        assertThat(post("/api/revenue/runs", "{\"period\": \"2026-06\", \"dryRun\": false}").get("reason").asText())
                .isEqualTo("period 2026-06 has not ended (it ends on 2026-06-30); preview it with a dry run");
        assertThat(post("/api/revenue/runs", "{}").get("reason").asText()).contains("a run needs a period");
        assertThat(post("/api/revenue/runs", "{\"period\": \"2026-05\", \"dryRun\": \"no\"}").get("reason").asText())
                .isEqualTo("dryRun must be true or false");
        assertThat(post("/api/revenue/runs", "{\"period\": \"2026-05\", \"dry\": false}").get("reason").asText()).contains("unknown field 'dry'");
        JsonNode notJson = post("/api/revenue/runs", "period=2026-05");
        assertThat(notJson.get("_status").asInt()).isEqualTo(400);
        assertThat(notJson.get("reason").asText()).contains("not valid JSON");
        assertThat(post("/api/revenue/runs", "{\"period\": \"2026-6\"}").get("_status").asInt()).isEqualTo(400);
    }

    static JsonNode entry(JsonNode run, String key) {
        for (JsonNode e : run.get("entries")) {
            if (e.get("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + key + " in " + run);
    }
}
