package io.finbridge.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stripe balance movements outside a payout, from signed webhooks in Stripe's documented shapes into misc entries in
 * the simulated Odoo 17: a charge refunded twice in parts (each entry the increment), a dispute opened, then won or
 * lost; redeliveries write nothing.
 */
class StripeRefundsAndDisputesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "whsec_refunds_disputes_3307";
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/stripe");
    static OdooUnderTest odoo;
    static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        odoo = OdooUnderTest.start();
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        s.put("finbridge.posting.batch-timeout", "50ms");
        s.put("finbridge.inbox.park-retry", "10m");
        fb = RuntimeFixture.start(s);
        OdooReferences references = fb.runtime().camelContext().getRegistry().lookupByNameAndType(OdooReferences.BEAN_NAME,
                OdooReferences.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> references.status().get("refreshedAt") != null);
    }

    @AfterAll
    static void stop() {
        fb.close();
        odoo.close();
    }

    @BeforeEach
    void counts() {
        odoo.resetCounts();
    }

    @Test
    void aChargeRefundedTwiceInPartsBooksEachIncrementOnce() throws Exception {
        // 84.73 charged; 20.00 refunded (previous_attributes: 0 before), then 15.50 more (refunds list, no previous_attributes)
        deliver(fixture("charge-refunded-partial-1.json"));
        awaitStatus("evt_3Oq4Zt2eZvKYlo2C0Ev1Rf01", "done");
        deliver(fixture("charge-refunded-partial-2.json"));
        JsonNode second = awaitStatus("evt_3Oq4Zt2eZvKYlo2C0Ev2Rf02", "done");

        // without a refunds list the refund is named by the charge and what it had refunded in all
        String first = "stripe:refund:ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R:refunded:2000";
        assertThat(created(first)).isEqualTo(JSON.readTree("""
                {"move_type": "entry", "journal_id": 3, "date": "2026-11-25", "currency_id": 1,
                 "line_ids": [
                   [0, 0, {"account_id": 25, "name": "Refund ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R:refunded:2000 of charge ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R", "debit": 20.00, "credit": 0}],
                   [0, 0, {"account_id": 40, "name": "Refund ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R:refunded:2000 of charge ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R", "debit": 0, "credit": 20.00}]],
                 "ref": "%s"}
                """.formatted(first)));
        String later = "stripe:refund:re_3Oq4Zt2eZvKYlo2C0Rf2Cd3e";
        assertThat(created(later).path("line_ids").get(0).get(2).path("debit").decimalValue()).isEqualByComparingTo("15.50");
        assertThat(created(later).path("line_ids").get(1).get(2).path("credit").decimalValue()).isEqualByComparingTo("15.50");
        assertThat(move(first)).containsEntry("state", "posted");
        assertThat((BigDecimal) move(later).get("amount_total")).as("the increment, not 35.50 refunded in all nor the charge's 84.73")
                .isEqualByComparingTo("15.50");
        assertThat(second.toString()).contains("the newest refund of the charge's refunds list, re_3Oq4Zt2eZvKYlo2C0Rf2Cd3e");

        odoo.resetCounts();
        deliver(fixture("charge-refunded-partial-2.json").replace("evt_3Oq4Zt2eZvKYlo2C0Ev2Rf02", "evt_3Oq4Zt2eZvKYlo2C0Ev2Rf2b"));
        JsonNode again = awaitStatus("evt_3Oq4Zt2eZvKYlo2C0Ev2Rf2b", "done");
        assertThat(odoo.count("account.move", "create")).as("the same refund again").isZero();
        assertThat(again.path("notWritten").toString()).contains("already in Odoo");
    }

    @Test
    void aDisputeOpenedMovesTheAmountToDisputesAndTheFeeToFeesThenWonComesBack() throws Exception {
        String created = dispute("dispute-created.json", "du_1PfbDisputeWon00001", "evt_dw_created");
        deliver(created);
        awaitStatus("evt_dw_created", "done");

        String of = "Dispute du_1PfbDisputeWon00001 of charge ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R (fraudulent)";
        assertThat(created("stripe:dispute:du_1PfbDisputeWon00001")).isEqualTo(JSON.readTree("""
                {"move_type": "entry", "journal_id": 3, "date": "2026-11-26", "currency_id": 1,
                 "line_ids": [
                   [0, 0, {"account_id": 95, "name": "%1$s", "debit": 84.73, "credit": 0}],
                   [0, 0, {"account_id": 27, "name": "%1$s: dispute fee", "debit": 15.00, "credit": 0}],
                   [0, 0, {"account_id": 40, "name": "%1$s", "debit": 0, "credit": 99.73}]],
                 "ref": "stripe:dispute:du_1PfbDisputeWon00001"}
                """.formatted(of)));
        assertThat(odoo.count("account.move", "write")).as("the invoice is not touched").isZero();
        assertThat(odoo.calls("account.move", "button_cancel")).isEmpty();

        deliver(dispute("dispute-closed-won.json", "du_1PfbDisputeWon00001", "evt_dw_won"));
        awaitStatus("evt_dw_won", "done");
        assertThat(created("stripe:dispute-closed:du_1PfbDisputeWon00001")).isEqualTo(JSON.readTree("""
                {"move_type": "entry", "journal_id": 3, "date": "2026-12-05", "currency_id": 1,
                 "line_ids": [
                   [0, 0, {"account_id": 40, "name": "%1$s, won", "debit": 99.73, "credit": 0}],
                   [0, 0, {"account_id": 27, "name": "%1$s, won: dispute fee", "debit": 0, "credit": 15.00}],
                   [0, 0, {"account_id": 95, "name": "%1$s, won", "debit": 0, "credit": 84.73}]],
                 "ref": "stripe:dispute-closed:du_1PfbDisputeWon00001"}
                """.formatted(of)));
        assertThat(move("stripe:dispute-closed:du_1PfbDisputeWon00001")).containsEntry("state", "posted");
    }

    @Test
    void aDisputeLostIsWrittenOffFromDisputesAndItsClosingWaitsForItsOpening() throws Exception {
        // the closing first: it waits for the opening entry, which wakes it
        deliver(dispute("dispute-closed-lost.json", "du_1PfbDisputeLost0001", "evt_dl_lost"));
        awaitStatus("evt_dl_lost", "parked");
        assertThat(odoo.count("account.move", "create")).isZero();
        deliver(dispute("dispute-created.json", "du_1PfbDisputeLost0001", "evt_dl_created"));
        awaitStatus("evt_dl_created", "done");
        awaitStatus("evt_dl_lost", "done");

        String of = "Dispute du_1PfbDisputeLost0001 of charge ch_3Oq4Zt2eZvKYlo2C1Xh5Pq7R (fraudulent), lost";
        assertThat(created("stripe:dispute-closed:du_1PfbDisputeLost0001")).isEqualTo(JSON.readTree("""
                {"move_type": "entry", "journal_id": 3, "date": "2026-12-05", "currency_id": 1,
                 "line_ids": [
                   [0, 0, {"account_id": 99, "name": "%1$s: written off", "debit": 84.73, "credit": 0}],
                   [0, 0, {"account_id": 95, "name": "%1$s", "debit": 0, "credit": 84.73}]],
                 "ref": "stripe:dispute-closed:du_1PfbDisputeLost0001"}
                """.formatted(of)));

        odoo.resetCounts();
        deliver(dispute("dispute-closed-lost.json", "du_1PfbDisputeLost0001", "evt_dl_lost_again"));
        awaitStatus("evt_dl_lost_again", "done");
        assertThat(odoo.count("account.move", "create")).as("closed once").isZero();
    }

    // ---- helpers

    static String fixture(String name) throws Exception {
        return Files.readString(FIXTURES.resolve(name));
    }

    /** The fixture's dispute under another dispute id and event id (one dispute per test). */
    static String dispute(String name, String disputeId, String eventId) throws Exception {
        JsonNode e = JSON.readTree(fixture(name));
        return fixture(name).replace("du_1PfbDispute0001", disputeId).replace(e.path("id").asText(), eventId);
    }

    static void deliver(String body) throws Exception {
        HttpResponse<String> r = fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature",
                StripeEvents.signature(SECRET, body, Instant.now()), "Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = fb.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    static JsonNode created(String ref) throws Exception {
        for (LoggedRequest r : odoo.calls("account.move", "create")) {
            for (JsonNode vals : JSON.readTree(r.getBodyAsString()).path("params").path("args").get(5).get(0)) {
                if (ref.equals(vals.path("ref").asText())) {
                    return vals;
                }
            }
        }
        throw new AssertionError("Odoo received no create of an entry with ref " + ref);
    }

    static Map<String, Object> move(String ref) {
        List<Map<String, Object>> found = odoo.simulator().records("account.move").stream().filter(m -> ref.equals(m.get("ref"))).toList();
        assertThat(found).as("moves with ref " + ref).hasSize(1);
        return found.get(0);
    }
}
