package io.finbridge.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final Origin ORIGIN = new Origin("stripe", "po_1", "us", Instant.parse("2026-01-05T10:00:00Z"), "stripe-payout", 1);

    @Test
    void amountsAreWrittenAsPlainStringsAtTheCurrencysScale() throws Exception {
        Payout payout = new Payout(ORIGIN, Money.of("1E+3", "JPY"), PayoutStatus.PAID, LocalDate.parse("2026-01-07"),
                null, "standard", null, null, List.of());
        JsonNode json = CanonicalJson.mapper().valueToTree(payout);
        assertThat(json.at("/amount/amount").isTextual()).isTrue();
        assertThat(json.at("/amount/amount").asText()).isEqualTo("1000");
        assertThat(json.at("/origin/occurredAt").asText()).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(json.at("/arrivalDate").asText()).isEqualTo("2026-01-07");
        assertThat(json.has("destinationRef")).isFalse();
        assertThat(json.get("transactions").isArray()).isTrue();
    }

    @Test
    void helpersAreNotProperties() {
        JsonNode money = CanonicalJson.mapper().valueToTree(Money.of("0.00", "USD"));
        assertThat(money.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("amount", "currency");
    }

    @Test
    void recordsReadBackEqual() throws Exception {
        BalanceTransaction txn = new BalanceTransaction(ORIGIN, "charge", Money.of("100.00", "USD"), Money.of("3.20", "USD"),
                Money.of("96.80", "USD"), "ch_1", "charge", Instant.parse("2026-01-07T00:00:00Z"), null);
        String json = CanonicalJson.mapper().writeValueAsString(txn);
        assertThat(CanonicalJson.mapper().readValue(json, BalanceTransaction.class)).isEqualTo(txn);
        assertThat(json).doesNotContain("E+").contains("\"96.80\"");
    }

    @Test
    void quantitiesAndRatesAreStringsToo() {
        TaxLine tax = new TaxLine("CA State Tax", new BigDecimal("0.0725"), Money.of("7.25", "USD"), "US-CA", false);
        JsonNode json = CanonicalJson.mapper().valueToTree(tax);
        assertThat(json.get("rate").asText()).isEqualTo("0.0725");
        assertThat(json.get("rate").isTextual()).isTrue();
    }
}
