package io.finbridge.ledger;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.testing.LogCapture;
import io.finbridge.testing.OdooUnderTest;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Settlement per payout, outside in: signed Stripe payout webhooks, a WireMock Stripe API answering in the documented
 * shapes (fixtures/stripe/payouts), and the sandbox's Odoo 17 simulator receiving the entries. One runtime for the
 * class; each test settles payouts of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripePayoutSettlementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/stripe/payouts");
    private static final String WEBHOOK_SECRET = "whsec_settlement_7731";
    private static final String API_KEY = "sk_test_51PfbSettlement00000000000000000000000000000000000000000000000004242";
    private static final String JP_ACCOUNT = "acct_1PfbJP3n5QwRt7Yk";
    private static final String EU_ACCOUNT = "acct_1PfbEU8k2LmNc3Rw";

    private WireMockServer stripe;
    private OdooUnderTest odoo;
    private RuntimeFixture fb;
    private Path mappings;

    @BeforeAll
    void start() throws Exception {
        stripe = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stripe.start();
        odoo = OdooUnderTest.start();
        mappings = withJapan(odoo.simulator());
        fb = RuntimeFixture.start(settings(Map.of()));
        awaitReferences(fb);
    }

    @AfterAll
    void stop() throws IOException {
        fb.close();
        odoo.close();
        stripe.stop();
        try (Stream<Path> files = Files.walk(mappings)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void reset() {
        stripe.resetAll();
        odoo.resetCounts();
    }

    private Map<String, String> settings(Map<String, String> more) {
        Map<String, String> s = odoo.settings(RuntimeFixture.baseline("prod", TestStores.h2()));
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.webhooks.stripe.secret", WEBHOOK_SECRET);
        s.put("finbridge.stripe.api-url", "http://127.0.0.1:" + stripe.port());
        s.put("finbridge.stripe.api-key", API_KEY);
        s.put("finbridge.stripe.page-size", "15");
        s.put("finbridge.stripe.retry-delay", "50ms");
        s.put("finbridge.mappings.location", mappings.toString());
        s.putAll(more);
        return s;
    }

    @Test
    void aPayoutOfFortyTransactionsOverThreePagesWithARateLimitIsOneEntryWhoseNetIsThePayout() throws Exception {
        String po = "po_1PfbnYdoUnScJvyRHAfTjoN2";
        stripe.stubFor(page(po, null).willReturn(stripeJson(fixture("usd-40-page1.json"))));
        stripe.stubFor(page(po, "txn_3PfbJB3w9QA0AIpozEsDxN2p").inScenario("rate limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withHeader("Request-Id", "req_PfbRateLimited01").withBody(fixture("rate-limited.json")))
                .willSetStateTo("answered"));
        stripe.stubFor(page(po, "txn_3PfbJB3w9QA0AIpozEsDxN2p").inScenario("rate limit").whenScenarioStateIs("answered")
                .willReturn(stripeJson(fixture("usd-40-page2.json"))));
        stripe.stubFor(page(po, "txn_3PfbZKqXyistcGUxpEgQ0EkO").willReturn(stripeJson(fixture("usd-40-page3.json"))));

        String event = fixture("usd-40-event.json");
        deliver(event);
        JsonNode trace = awaitStatus(eventId(event), "done");

        List<LoggedRequest> calls = stripeCalls();
        assertThat(calls).hasSize(4).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY);
            assertThat(r.getHeader("Stripe-Version")).isEqualTo("2024-06-20");
            assertThat(r.containsHeader("Stripe-Account")).as("not a Connect event").isFalse();
            assertThat(r.containsHeader("Stripe-Signature")).as("the webhook's headers stay home").isFalse();
        });
        assertThat(calls.get(2).getLoggedDate().getTime() - calls.get(1).getLoggedDate().getTime())
                .as("Retry-After: 1 was waited out").isGreaterThanOrEqualTo(950);

        String of = ", Stripe payout " + po;
        assertThat(created("stripe:payout:" + po)).isEqualTo(JSON.readTree("""
                {"move_type": "entry", "journal_id": 3, "date": "2026-11-30", "currency_id": 1,
                 "line_ids": [
                   [0, 0, {"account_id": 40, "name": "Charges (30)%1$s", "debit": 0, "credit": 3175.96}],
                   [0, 0, {"account_id": 40, "name": "Refunds (5)%1$s", "debit": 483.56, "credit": 0}],
                   [0, 0, {"account_id": 40, "name": "Disputes (1)%1$s", "debit": 64.99, "credit": 0}],
                   [0, 0, {"account_id": 30, "name": "Adjustments (1)%1$s", "debit": 0, "credit": 10.00}],
                   [0, 0, {"account_id": 27, "name": "Fees (32)%1$s", "debit": 115.99, "credit": 0}],
                   [0, 0, {"account_id": 44, "name": "Payout%1$s, arriving 2026-11-30", "debit": 2521.42, "credit": 0}]],
                 "ref": "stripe:payout:%2$s"}
                """.formatted(of, po)));
        assertThat(move("stripe:payout:" + po)).containsEntry("state", "posted").containsEntry("company_id", 1)
                .satisfies(m -> assertThat(m.get("amount_total").toString()).isEqualTo("3185.96"));
        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(odoo.count("account.move", "action_post")).isEqualTo(1);
        assertThat(trace.path("odooWrites")).hasSize(1);
        assertThat(trace.path("timeline").findValuesAsText("kind")).contains("MAPPED", "ODOO_WRITE", "DONE");
    }

    @Test
    void theSamePayoutDeliveredTwiceIsSettledOnceAndItsTransactionsAreNotReadAgain() throws Exception {
        String po = "po_1PfbTwiceDeliveredEU01";
        String paid = variant(fixture("eur-event.json"), po, "evt_1PfbTwicePaid0000001");
        stripe.stubFor(page(po, null).willReturn(stripeJson(fixture("eur-page1.json"))));

        deliver(paid);
        awaitStatus(eventId(paid), "done");
        String reconciled = variant(fixture("eur-event.json"), po, "evt_1PfbTwiceReconciled01")
                .replace("\"type\": \"payout.paid\"", "\"type\": \"payout.reconciliation_completed\"");
        deliver(reconciled);
        JsonNode second = awaitStatus(eventId(reconciled), "done");

        assertThat(odoo.simulator().records("account.move").stream().filter(m -> ("stripe:payout:" + po).equals(m.get("ref")))).hasSize(1);
        assertThat(odoo.count("account.move", "create")).isEqualTo(1);
        assertThat(stripeCalls()).as("the second event reads nothing from Stripe").hasSize(1);
        assertThat(second.path("odooWrites")).isEmpty();
        assertThat(second.path("notWritten").get(0).path("detail").path("reason").asText())
                .contains("payout " + po + " was settled before as account.move");
    }

    @Test
    void aYenPayoutOfAJapaneseAccountIsBookedInWholeYenInItsOwnCompany() throws Exception {
        String po = "po_1PfbPMnB0puSwppN0qmc5S9M";
        stripe.stubFor(page(po, null).willReturn(stripeJson(fixture("jpy-page1.json"))));

        String event = fixture("jpy-event.json");
        deliver(event);
        awaitStatus(eventId(event), "done");

        assertThat(stripeCalls()).singleElement().satisfies(r -> assertThat(r.getHeader("Stripe-Account")).isEqualTo(JP_ACCOUNT));
        String of = ", Stripe payout " + po;
        assertThat(created("stripe:payout:" + po)).isEqualTo(JSON.readTree("""
                {"move_type": "entry", "journal_id": 17, "date": "2026-11-30", "currency_id": 25,
                 "line_ids": [
                   [0, 0, {"account_id": 134, "name": "Charges (3)%1$s", "debit": 0, "credit": 27193}],
                   [0, 0, {"account_id": 134, "name": "Refunds (1)%1$s", "debit": 13056, "credit": 0}],
                   [0, 0, {"account_id": 121, "name": "Fees (3)%1$s", "debit": 979, "credit": 0}],
                   [0, 0, {"account_id": 138, "name": "Payout%1$s, arriving 2026-11-30", "debit": 13158, "credit": 0}]],
                 "ref": "stripe:payout:%2$s"}
                """.formatted(of, po)));
        String sent = odoo.calls("account.move", "create").get(0).getBodyAsString();
        assertThat(sent).as("yen have no minor units").contains("\"credit\":27193}").contains("\"debit\":13158,")
                .contains("\"allowed_company_ids\":[3]");
        assertThat(move("stripe:payout:" + po)).containsEntry("state", "posted").containsEntry("company_id", 3);
    }

    @Test
    void aPayoutOfTheEuAccountIsBookedInTheEuCompanyWithItsJournalAndAccounts() throws Exception {
        String po = "po_1PfbIbfJB84Jzx2RrHs95bBp";
        stripe.stubFor(page(po, null).willReturn(stripeJson(fixture("eur-page1.json"))));

        String event = fixture("eur-event.json");
        deliver(event);
        awaitStatus(eventId(event), "done");

        assertThat(stripeCalls()).singleElement().satisfies(r -> assertThat(r.getHeader("Stripe-Account")).isEqualTo(EU_ACCOUNT));
        JsonNode values = created("stripe:payout:" + po);
        assertThat(values.path("journal_id").asInt()).isEqualTo(10);
        assertThat(values.path("currency_id").asInt()).isEqualTo(125);
        assertThat(values.path("line_ids").findValuesAsText("account_id")).containsExactly("87", "87", "74", "91");
        assertThat(values.path("line_ids").get(3).get(2).path("debit").decimalValue()).isEqualByComparingTo("307.12");
        assertThat(odoo.calls("account.move", "create").get(0).getBodyAsString()).contains("\"allowed_company_ids\":[2]");
        assertThat(move("stripe:payout:" + po)).containsEntry("company_id", 2).containsEntry("state", "posted");
    }

    @Test
    void aStripeServerErrorIsCalledAgainAfterABackoffAndThenThePayoutSettles() throws Exception {
        String po = "po_1PfbServerErrorOnce001";
        stripe.stubFor(page(po, null).inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody(fixture("api-error.json")))
                .willSetStateTo("recovered"));
        stripe.stubFor(page(po, null).inScenario("5xx").whenScenarioStateIs("recovered").willReturn(stripeJson(fixture("eur-page1.json"))));

        String event = variant(fixture("eur-event.json"), po, "evt_1PfbServerErrorOnce01");
        deliver(event);
        JsonNode trace = awaitStatus(eventId(event), "done");

        assertThat(stripeCalls()).hasSize(2);
        assertThat(trace.path("event").path("attempts").asInt()).as("within one attempt of the inbox").isEqualTo(1);
        assertThat(move("stripe:payout:" + po)).containsEntry("state", "posted");
    }

    @Test
    void aPayoutThatDoesNotTieOutIsABusinessExceptionWithTheDifferenceAndNothingReachesOdoo() throws Exception {
        String po = "po_1PfbNotTiedOut0000001";
        stripe.stubFor(page(po, null).willReturn(stripeJson(fixture("eur-page1.json"))));

        String event = variant(fixture("eur-event.json"), po, "evt_1PfbNotTiedOut000001").replace("\"amount\": 30712,", "\"amount\": 30713,");
        deliver(event);
        JsonNode trace = awaitStatus(eventId(event), "failed");

        JsonNode exception = trace.path("exceptions").get(0);
        assertThat(exception.path("classification").asText()).isEqualTo("business_rule");
        assertThat(exception.path("error").asText()).contains("payout " + po + " does not tie out")
                .contains("add up to 307.12 EUR net, the payout is 307.13 EUR (a difference of 0.01 EUR)");
        assertThat(odoo.countOn("account.move")).isZero();
    }

    @Test
    void aRateLimitLongerThanAFewSecondsGivesTheEventBackToTheInboxForThen() throws Exception {
        String po = "po_1PfbLongRateLimit00001";
        stripe.stubFor(page(po, null).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")
                .withHeader("Content-Type", "application/json").withBody(fixture("rate-limited.json"))));

        String event = variant(fixture("eur-event.json"), po, "evt_1PfbLongRateLimit0001");
        Instant sent = Instant.now();
        deliver(event);
        JsonNode trace = awaitStatus(eventId(event), "retrying");

        assertThat(trace.path("event").path("lastError").asText()).contains("RetryLaterException")
                .contains("answered 429 and asks to be called again in 120 s").contains("Request rate limit exceeded.");
        assertThat(Instant.parse(trace.path("event").path("nextAttemptAt").asText())).isAfter(sent.plusSeconds(110));
        assertThat(stripeCalls()).as("not called again in-process").hasSize(1);
        assertThat(odoo.countOn("account.move")).isZero();
    }

    @Test
    void aPayoutStripeIsStillReconcilingWaitsForItsReconciliationEvent() throws Exception {
        String po = "po_1PfbStillReconciling01";
        String event = variant(fixture("eur-event.json"), po, "evt_1PfbStillReconciling1")
                .replace("\"reconciliation_status\": \"completed\"", "\"reconciliation_status\": \"in_progress\"");
        deliver(event);
        JsonNode trace = awaitStatus(eventId(event), "ignored");

        assertThat(trace.path("timeline").findValuesAsText("kind")).contains("IGNORED");
        assertThat(trace.toString()).contains("it is settled on payout.reconciliation_completed");
        assertThat(stripeCalls()).isEmpty();
    }

    @Test
    void withoutAStripeKeyStartUpSaysSoAndAPayoutIsAnExceptionNamingTheSetting() throws Exception {
        Map<String, String> s = settings(Map.of());
        s.remove("finbridge.stripe.api-key");
        try (LogCapture logs = new LogCapture(); RuntimeFixture keyless = RuntimeFixture.start(s)) {
            assertThat(logs.text()).contains("finbridge.stripe.api-key is not set (FINBRIDGE_STRIPE_API_KEY)");
            awaitReferences(keyless);
            String event = variant(fixture("eur-event.json"), "po_1PfbWithoutApiKey00001", "evt_1PfbWithoutApiKey0001");
            keyless.send(keyless.post("/webhooks/stripe", event, "Stripe-Signature", StripeEvents.signature(WEBHOOK_SECRET, event,
                    Instant.now()), "Content-Type", "application/json"));
            JsonNode trace = awaitStatus(keyless, eventId(event), "failed");

            assertThat(trace.path("exceptions").get(0).path("error").asText())
                    .contains("finbridge.stripe.api-key is not set (environment variable FINBRIDGE_STRIPE_API_KEY")
                    .contains("payout po_1PfbWithoutApiKey00001 cannot be settled");
            assertThat(stripeCalls()).isEmpty();
            assertThat(odoo.countOn("account.move")).isZero();
        }
    }

    @Test
    void theKeyNeverAppearsInTheLogsOrTheTrace() throws Exception {
        String po = "po_1PfbKeyStaysSecret0001";
        stripe.stubFor(page(po, null).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_PfbNoSuchPayout1").withBody("""
                        {"error": {"code": "resource_missing", "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                          "message": "No such payout: '%s'", "param": "payout", "type": "invalid_request_error"}}""".formatted(po))));
        try (LogCapture logs = new LogCapture()) {
            String event = variant(fixture("eur-event.json"), po, "evt_1PfbKeyStaysSecret001");
            deliver(event);
            JsonNode trace = awaitStatus(eventId(event), "failed");

            assertThat(trace.path("exceptions").get(0).path("error").asText()).contains("was refused with 404 (invalid_request_error, "
                    + "resource_missing): No such payout: '" + po + "' [Stripe request req_PfbNoSuchPayout1]");
            assertThat(logs.text()).doesNotContain(API_KEY);
            assertThat(fb.getAsOperator("/api/events/" + eventId(event) + "?body=true").body()).doesNotContain(API_KEY);
        }
    }

    // ---- Stripe

    private static MappingBuilder page(String payout, String startingAfter) {
        return get(urlPathEqualTo("/v1/balance_transactions")).withQueryParam("payout", equalTo(payout))
                .withQueryParam("limit", equalTo("15"))
                .withQueryParam("starting_after", startingAfter == null ? absent() : equalTo(startingAfter));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder stripeJson(String body) {
        return okJson(body).withHeader("Request-Id", "req_PfbSettlementPage1");
    }

    private List<LoggedRequest> stripeCalls() {
        return stripe.findAll(getRequestedFor(urlPathEqualTo("/v1/balance_transactions")));
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    /** The event of another payout (and another event id), same transactions. */
    private static String variant(String event, String payout, String eventId) throws IOException {
        JsonNode e = JSON.readTree(event);
        return event.replace(e.path("data").path("object").path("id").asText(), payout).replace(e.path("id").asText(), eventId);
    }

    // ---- Finbridge and Odoo

    private void deliver(String body) throws Exception {
        HttpResponse<String> r = fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature",
                StripeEvents.signature(WEBHOOK_SECRET, body, Instant.now()), "Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static String eventId(String event) throws IOException {
        return JSON.readTree(event).path("id").asText();
    }

    private JsonNode awaitStatus(String id, String status) {
        return awaitStatus(fb, id, status);
    }

    private static JsonNode awaitStatus(RuntimeFixture runtime, String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> r = runtime.getAsOperator("/api/events/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, t -> t != null && t.path("event").path("status").asText().equals(status));
    }

    /** The values Odoo received to create the entry with this ref. */
    private JsonNode created(String ref) throws IOException {
        for (LoggedRequest r : odoo.calls("account.move", "create")) {
            for (JsonNode vals : JSON.readTree(r.getBodyAsString()).path("params").path("args").get(5).get(0)) {
                if (ref.equals(vals.path("ref").asText())) {
                    return vals;
                }
            }
        }
        throw new AssertionError("Odoo received no create of an entry with ref " + ref);
    }

    private Map<String, Object> move(String ref) {
        return odoo.simulator().records("account.move").stream().filter(m -> ref.equals(m.get("ref"))).findFirst()
                .orElseThrow(() -> new AssertionError("no account.move with ref " + ref));
    }

    private static void awaitReferences(RuntimeFixture runtime) {
        OdooReferences references = runtime.runtime().camelContext().getRegistry().lookupByNameAndType(OdooReferences.BEAN_NAME,
                OdooReferences.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> references.status().get("refreshedAt") != null);
    }

    /**
     * The shipped mappings plus a Japanese entity, and its company in the simulated Odoo as an administrator sets it
     * up (ids as Odoo would give them after the two recorded companies: journals 7 on, accounts 47 on per chart).
     */
    private static Path withJapan(OdooSimulator odoo) throws IOException {
        odoo.setUp("res.company", 3, Map.of("name", "Finbridge JP", "currency_id", 25));
        odoo.setUp("account.journal", 15, Map.of("name", "Customer Invoices", "code", "INV", "type", "sale", "company_id", 3));
        odoo.setUp("account.journal", 17, Map.of("name", "Miscellaneous Operations", "code", "MISC", "type", "general", "company_id", 3));
        odoo.setUp("account.journal", 20, Map.of("name", "Bank", "code", "BNK1", "type", "bank", "company_id", 3));
        for (Object[] a : new Object[][] {{121, "443000", "Cash Discount Loss"}, {124, "600000", "Expenses"},
            {134, "101300", "Account Receivable (PoS)"}, {138, "101403", "Outstanding Receipts"}}) {
            odoo.setUp("account.account", (int) a[0], Map.of("code", a[1], "name", a[2], "company_id", 3));
        }
        Path dir = Files.createTempDirectory("finbridge-mappings-");
        try (Stream<Path> files = Files.walk(Path.of("mappings"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(Path.of("mappings").relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        Files.writeString(dir.resolve("reference/entities.yaml"), Files.readString(dir.resolve("reference/entities.yaml")) + """
                  jp:
                    company: Finbridge JP
                    currency: JPY
                    journals:
                      sales: INV
                      bank: BNK1
                      misc: MISC
                    sources:
                      stripe-account: [%s]
                """.formatted(JP_ACCOUNT));
        Files.writeString(dir.resolve("reference/accounts.yaml"), Files.readString(dir.resolve("reference/accounts.yaml")) + """
                  jp:
                    receivable: "121000"
                    revenue: "400000"
                    deferred-revenue: "211500"
                    clearing: "101300"
                    fees: "443000"
                    refunds: "400100"
                    rounding: "643000"
                    disputes: "101320"
                    adjustments: "600000"
                    outstanding-receipts: "101403"
                    gift-cards: "201100"
                    dispute-losses: "641100"
                """);
        return dir;
    }
}
