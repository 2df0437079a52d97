package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.BalanceTransaction;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Payout;
import io.finbridge.canonical.PayoutStatus;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.posting.Posting;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settlement entry of a payout, line by line, without Odoo: the rules are pure. */
class SettlementRulesTest {

    private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    private static final SettlementRules.Books US = new SettlementRules.Books("us", "USD", 1, 3, 1, Map.of(
            AccountRole.CLEARING, 40, AccountRole.FEES, 27, AccountRole.ADJUSTMENTS, 30, AccountRole.OUTSTANDING_RECEIPTS, 44));
    private static int n;

    private static BalanceTransaction txn(String type, String category, long amount, long fee, String currency) {
        return new BalanceTransaction(new Origin("stripe", "txn_" + (++n), "us", AT, "stripe-balance-transaction", 1), type,
                Money.ofMinor(amount, currency), Money.ofMinor(fee, currency), Money.ofMinor(amount - fee, currency), null, category,
                AT, null);
    }

    private static Payout payout(long amount, String currency, List<BalanceTransaction> paidOut) {
        List<BalanceTransaction> all = new ArrayList<>(paidOut);
        all.add(0, txn("payout", "payout", -amount, 0, currency));
        return new Payout(new Origin("stripe", "po_1", "us", AT, "stripe-payout", 1), Money.ofMinor(amount, currency), PayoutStatus.PAID,
                LocalDate.parse("2026-11-30"), null, "standard", null, null, List.of()).withTransactions(all);
    }

    private static Map<String, Money> byLabel(List<SettlementRules.Line> lines) {
        Map<String, Money> out = new java.util.LinkedHashMap<>();
        lines.forEach(l -> out.put(l.role().key() + " " + l.label().substring(0, l.label().indexOf(',')), l.balance()));
        return out;
    }

    @Test
    void chargesLeaveClearingRefundsAndDisputesComeBackFeesGoToExpenseAndTheNetToOutstandingReceipts() {
        Payout p = payout(19_186, "USD", List.of(
                txn("charge", "charge", 10_000, 320, "USD"),
                txn("charge", "charge", 15_000, 465, "USD"),
                txn("refund", "refund", -2_500, 0, "USD"),
                txn("adjustment", "dispute", -1_000, 1_500, "USD"),
                txn("stripe_fee", "fee", -129, 0, "USD"),
                txn("adjustment", "other_adjustment", 100, 0, "USD")));

        assertThat(byLabel(SettlementRules.lines(p))).containsExactly(
                Map.entry("clearing Charges (2)", Money.of("-250.00", "USD")),
                Map.entry("clearing Refunds (1)", Money.of("25.00", "USD")),
                Map.entry("clearing Disputes (1)", Money.of("25.00", "USD")),
                Map.entry("adjustments Adjustments (1)", Money.of("-1.00", "USD")),
                Map.entry("fees Fees (3)", Money.of("9.14", "USD")),
                Map.entry("outstanding-receipts Payout", Money.of("191.86", "USD")));
    }

    @Test
    void theEntryIsOneBalancedMiscEntryInTheEntitysJournalAndCompanyKeyedByThePayout() {
        Posting entry = SettlementRules.entryFor(payout(9_680, "USD", List.of(txn("charge", "charge", 10_000, 320, "USD"))), US);

        assertThat(entry.model()).isEqualTo("account.move");
        assertThat(entry.naturalKey()).isEqualTo("stripe:payout:po_1");
        assertThat(entry.post()).isTrue();
        assertThat(entry.context()).isEqualTo(Map.of("allowed_company_ids", List.of(1)));
        assertThat(entry.values()).containsEntry("move_type", "entry").containsEntry("journal_id", 3)
                .containsEntry("date", "2026-11-30").containsEntry("currency_id", 1).containsEntry("ref", "stripe:payout:po_1");
        assertThat(entry.values().get("line_ids")).isEqualTo(List.of(
                List.of(0, 0, Map.of("account_id", 40, "name", "Charges (1), Stripe payout po_1", "debit", 0, "credit", new BigDecimal("100.00"))),
                List.of(0, 0, Map.of("account_id", 27, "name", "Fees (1), Stripe payout po_1", "debit", new BigDecimal("3.20"), "credit", 0)),
                List.of(0, 0, Map.of("account_id", 44, "name", "Payout, Stripe payout po_1, arriving 2026-11-30",
                        "debit", new BigDecimal("96.80"), "credit", 0))));
        assertThat(entry.check().problem(Map.of("amount_total", 100.0))).isNull();
        assertThat(entry.check().problem(Map.of("amount_total", 96.8))).contains("96.8").contains("100.00");
    }

    @Test
    void aZeroDecimalPayoutIsBookedInWholeYen() {
        SettlementRules.Books jp = new SettlementRules.Books("jp", "JPY", 3, 15, 25, US.accounts());
        Posting entry = SettlementRules.entryFor(payout(4_800, "JPY", List.of(txn("charge", "charge", 4_980, 180, "JPY"))), jp);

        @SuppressWarnings("unchecked")
        List<List<Object>> lines = (List<List<Object>>) entry.values().get("line_ids");
        assertThat(lines).extracting(l -> (Object) ((Map<?, ?>) l.get(2)).get("credit")).containsExactly(new BigDecimal("4980"), 0, 0);
        assertThat(lines).extracting(l -> (Object) ((Map<?, ?>) l.get(2)).get("debit")).containsExactly(0, new BigDecimal("180"), new BigDecimal("4800"));
    }

    @Test
    void aPayoutWhoseTransactionsDoNotTieOutIsRefusedWithTheDifference() {
        Payout p = payout(9_680, "USD", List.of(txn("charge", "charge", 10_000, 320, "USD")));
        Payout offByACent = new Payout(p.origin(), Money.of("96.81", "USD"), p.status(), p.arrivalDate(), null, null, null, null,
                p.transactions());

        assertThatThrownBy(() -> SettlementRules.entryFor(offByACent, US)).isInstanceOf(PostingRuleException.class)
                .hasMessageContaining("payout po_1 does not tie out")
                .hasMessageContaining("add up to 96.80 USD net, the payout is 96.81 USD (a difference of 0.01 USD)");
    }

    @Test
    void aTransactionNoRuleBooksStopsThePayoutNamingItsCategory() {
        Payout p = payout(9_680, "USD", List.of(txn("charge", "charge", 10_000, 320, "USD"), txn("topup", "topup", 0, 0, "USD")));

        assertThatThrownBy(() -> SettlementRules.lines(p)).isInstanceOf(PostingRuleException.class)
                .hasMessageContaining("no settlement rule books: {topup=[txn_");
    }

    @Test
    void aPayoutInAnotherCurrencyThanItsCompanysIsRefused() {
        Payout p = payout(4_800, "JPY", List.of(txn("charge", "charge", 4_980, 180, "JPY")));

        assertThatThrownBy(() -> SettlementRules.entryFor(p, US)).isInstanceOf(PostingRuleException.class)
                .hasMessageContaining("payout po_1 is in JPY but entity us books in USD");
    }

    @Test
    void aPayoutWithoutTransactionsOrThatFailedIsNotSettled() {
        Payout none = new Payout(new Origin("stripe", "po_2", "us", AT, "stripe-payout", 1), Money.of("1.00", "USD"), PayoutStatus.PAID,
                null, null, null, null, null, List.of());
        assertThatThrownBy(() -> SettlementRules.lines(none)).hasMessageContaining("Stripe listed no balance transactions for payout po_2");

        Payout failed = new Payout(none.origin(), none.amount(), PayoutStatus.FAILED, null, null, null, null, "account_closed",
                payout(100, "USD", List.of(txn("charge", "charge", 100, 0, "USD"))).transactions());
        assertThatThrownBy(() -> SettlementRules.lines(failed)).hasMessageContaining("payout po_2 is failed");
    }
}
