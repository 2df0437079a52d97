package io.finbridge.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe Billing into Odoo Community (the simulator): an invoice's service-period lines credit deferred revenue, its
 * schedules are recorded, and recognition runs post one entry per entity, currency and period, once.
 */
class StripeBillingToOdooTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "whsec_billing_flow_5150";
    OdooUnderTest odoo;
    RuntimeFixture fb;

    @BeforeEach
    void start() throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        s.put("finbridge.webhooks.stripe.tolerance", "3650d");
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-timeout", "50ms");
        s.put("finbridge.inbox.park-retry", "1s");
        fb = RuntimeFixture.start(s);
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(fb.getAsOperator("/api/mappings/reference-data").body())
                .path("refreshedAt").isTextual());
    }

    @AfterEach
    void stop() {
        fb.close();
        odoo.close();
    }

    HttpResponse<String> deliver(String body) throws Exception {
        return fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now())));
    }

    JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    /** The EU customer of the basil invoice fixture, in the EU Stripe account. */
    String customer() {
        return StripeEvents.customerCreated("evt_bill_cus", "cus_PfbWeberDesign04", "Weber Design GmbH", "billing@weber-design.de")
                .replace("\"object\":\"event\",", "\"object\":\"event\",\"account\":\"acct_1PfbEU8k2LmNc3Rw\",");
    }

    String invoice() throws Exception {
        return Files.readString(Path.of("src/test/resources/fixtures/stripe/invoice-paid-basil.json")).strip();
    }

    @Test
    void anInvoiceArrivingBeforeItsCustomerWaitsThenCreditsDeferredRevenueAndGetsItsSchedules() throws Exception {
        assertThat(deliver(invoice()).statusCode()).isEqualTo(200);
        String invoiceEvent = JSON.readTree(invoice()).path("id").asText();
        JsonNode parked = awaitStatus(invoiceEvent, "parked");
        assertThat(parked.path("event").path("waitingFor").asText()).isEqualTo("partner:stripe:customer:cus_PfbWeberDesign04");

        deliver(customer());
        awaitStatus("evt_bill_cus", "done");
        awaitStatus(invoiceEvent, "done");

        Map<String, Object> move = odoo.simulator().records("account.move").stream()
                .filter(m -> "stripe:invoice:in_1R2mNo4Ku8PfbEUq0Vw9xYz1".equals(m.get("ref"))).findFirst().orElseThrow();
        assertThat(move).containsEntry("state", "posted").containsEntry("company_id", 2).containsEntry("currency_id", 125);
        assertThat((BigDecimal) move.get("amount_untaxed")).isEqualByComparingTo("110.00");
        assertThat((BigDecimal) move.get("amount_tax")).isEqualByComparingTo("20.90");
        assertThat((BigDecimal) move.get("amount_total")).isEqualByComparingTo("130.90");
        String create = odoo.calls("account.move", "create").get(0).getBodyAsString();
        // both lines are billed for a service period: deferred revenue (211500 = 107 in the EU company), VAT included
        assertThat(create).contains("\"account_id\":107,\"tax_ids\":[[6,0,[5]]]").doesNotContain("\"account_id\":71")
                .contains("(2025-04-01 – 2025-05-01)").contains("· proration");
        JsonNode schedules = JSON.readTree(fb.getAsOperator("/api/revenue/schedules?entity=eu").body());
        assertThat(schedules.toString()).contains("100.00", "10.00");
    }

    @Test
    void aRecognitionRunPostsOneEntryPerEntityCurrencyAndPeriodAndASecondRunPostsNothing() throws Exception {
        deliver(customer());
        awaitStatus("evt_bill_cus", "done");
        deliver(invoice());
        awaitStatus(JSON.readTree(invoice()).path("id").asText(), "done");

        HttpResponse<String> first = fb.postAsOperator("/api/revenue/runs", "{\"period\": \"2025-04\", \"dryRun\": false}");
        HttpResponse<String> second = fb.postAsOperator("/api/revenue/runs", "{\"period\": \"2025-04\", \"dryRun\": false}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        List<Map<String, Object>> entries = odoo.simulator().records("account.move").stream()
                .filter(m -> String.valueOf(m.get("ref")).startsWith("finbridge:revenue-recognition:")).toList();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("ref", "finbridge:revenue-recognition:eu:EUR:2025-04").containsEntry("state", "posted")
                .containsEntry("journal_id", 10).containsEntry("date", "2025-04-30");
        String create = odoo.calls("account.move", "create").stream().map(r -> r.getBodyAsString())
                .filter(b -> b.contains("revenue-recognition")).findFirst().orElseThrow();
        // 100.00 of April's subscription line: debit deferred revenue (107), credit revenue (71)
        assertThat(create).contains("\"account_id\":107", "\"debit\":100.00", "\"account_id\":71", "\"credit\":100.00");
    }

    @Test
    void aPeriodLockedInOdooIsReportedAndNothingIsSent() throws Exception {
        deliver(customer());
        awaitStatus("evt_bill_cus", "done");
        deliver(invoice());
        awaitStatus(JSON.readTree(invoice()).path("id").asText(), "done");
        odoo.simulator().set("res.company", 2, "period_lock_date", "2025-06-30");
        fb.runtime().camelContext().getRegistry().lookupByNameAndType(OdooReferences.BEAN_NAME, OdooReferences.class).refresh();
        odoo.resetCounts();

        HttpResponse<String> run = fb.postAsOperator("/api/revenue/runs", "{\"period\": \"2025-04\", \"dryRun\": false}");

        assertThat(run.body()).contains("locked", "period locked in Odoo until 2025-06-30");
        assertThat(odoo.count("account.move", "create")).isZero();
    }
}
