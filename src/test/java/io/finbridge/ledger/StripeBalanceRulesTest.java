package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.Dispute;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Payment;
import io.finbridge.canonical.PaymentStatus;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.posting.Posting;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refund increments and dispute entries without Odoo: the rules are pure. */
class StripeBalanceRulesTest {

    private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");
    private static final Map<AccountRole, Integer> ROLES = Map.of(AccountRole.CLEARING, 40, AccountRole.FEES, 27, AccountRole.REFUNDS, 25,
            AccountRole.DISPUTES, 95, AccountRole.DISPUTE_LOSSES, 97);
    private static final SettlementRules.Books US = new SettlementRules.Books("us", "USD", 1, 3, 1, ROLES);
    private static final SettlementRules.Books JP = new SettlementRules.Books("jp", "JPY", 3, 17, 25, ROLES);

    private static Payment charge(long amount, long refunded, String currency) {
        return new Payment(new Origin("stripe", "ch_1", "us", AT, "stripe-charge", 1), Money.ofMinor(amount, currency), PaymentStatus.SUCCEEDED,
                null, null, null, null, null, "card", null, Money.ofMinor(amount, currency), Money.ofMinor(refunded, currency));
    }

    private static Dispute dispute(String status, String currency, long withdrawn, long fee, long reinstated, long feeBack) {
        return new Dispute(new Origin("stripe", "du_1", "us", AT, "stripe-dispute", 1), Money.ofMinor(withdrawn, currency), status, "fraudulent",
                "ch_1", null, Money.ofMinor(withdrawn, currency), Money.ofMinor(fee, currency), Money.ofMinor(reinstated, currency),
                Money.ofMinor(feeBack, currency));
    }

    @SuppressWarnings("unchecked")
    private static List<String> lines(Posting p) {
        return ((List<Object>) p.values().get("line_ids")).stream().map(l -> (Map<String, Object>) ((List<Object>) l).get(2))
                .map(v -> v.get("account_id") + " " + v.get("debit") + "/" + v.get("credit")).toList();
    }

    @Test
    void theIncrementIsWhatThisEventRefundedOnTopOfWhatWasRefundedBefore() {
        StripeBalanceRules.Increment inc = StripeBalanceRules.increment(charge(10_000, 7_500, "USD"), 5_000L, List.of(
                new StripeBalanceRules.ChargeRefund("re_b", 2_500, "succeeded", 200), new StripeBalanceRules.ChargeRefund("re_a", 5_000, "succeeded", 100)))
                .orElseThrow();

        assertThat(inc.amount()).isEqualTo(Money.of("25.00", "USD"));
        assertThat(inc.refundId()).isEqualTo("re_b");
    }

    @Test
    void withoutPreviousAttributesTheNewestSucceededRefundOfTheListIsTheIncrement() {
        StripeBalanceRules.Increment inc = StripeBalanceRules.increment(charge(10_000, 7_500, "USD"), null, List.of(
                new StripeBalanceRules.ChargeRefund("re_failed", 900, "failed", 300), new StripeBalanceRules.ChargeRefund("re_a", 5_000, "succeeded", 100),
                new StripeBalanceRules.ChargeRefund("re_b", 2_500, "succeeded", 200))).orElseThrow();

        assertThat(inc.amount()).isEqualTo(Money.of("25.00", "USD"));
        assertThat(inc.refundId()).isEqualTo("re_b");
    }

    @Test
    void anEventThatSaysNeitherIsRefusedAndOneThatRefundedNothingNewPostsNothing() {
        assertThatThrownBy(() -> StripeBalanceRules.increment(charge(10_000, 2_500, "USD"), null, List.of()))
                .isInstanceOf(PostingRuleException.class).hasMessageContaining("neither previous_attributes.amount_refunded nor");
        assertThat(StripeBalanceRules.increment(charge(10_000, 2_500, "USD"), 2_500L, List.of())).isEmpty();
    }

    @Test
    void aYenRefundIsBookedInWholeYen() {
        Payment c = charge(13_158, 3_000, "JPY");
        Posting p = StripeBalanceRules.refundEntry(c, StripeBalanceRules.increment(c, 0L, List.of()).orElseThrow(), JP, null);

        assertThat(lines(p)).containsExactly("25 3000/0", "40 0/3000");
        assertThat(p.values()).containsEntry("journal_id", 17).containsEntry("currency_id", 25);
        assertThat(p.context()).isEqualTo(Map.of("allowed_company_ids", List.of(3)));
    }

    @Test
    void aDisputeOpenedTakesItsAmountAndFeeOutOfClearing() {
        Posting p = StripeBalanceRules.disputeOpened(dispute("needs_response", "USD", 8_473, 1_500, 0, 0), US, null).orElseThrow();

        assertThat(lines(p)).containsExactly("95 84.73/0", "27 15.00/0", "40 0/99.73");
        assertThat(p.naturalKey()).isEqualTo("stripe:dispute:du_1");
    }

    @Test
    void anInquiryMovesNoMoneyAndIsNotBooked() {
        assertThat(StripeBalanceRules.disputeOpened(dispute("warning_needs_response", "USD", 0, 0, 0, 0), US, null)).isEmpty();
        assertThat(StripeBalanceRules.disputeClosed(dispute("warning_closed", "USD", 0, 0, 0, 0), US, null)).isEmpty();
    }

    @Test
    void aDisputeWonForLessThanWasWithdrawnWritesOffTheRest() {
        Posting p = StripeBalanceRules.disputeClosed(dispute("won", "USD", 8_473, 1_500, 8_000, 0), US, null).orElseThrow();

        assertThat(lines(p)).containsExactly("40 80.00/0", "97 4.73/0", "95 0/84.73");
        assertThat(p.naturalKey()).isEqualTo("stripe:dispute-closed:du_1");
    }

    @Test
    void aYenDisputeLostIsWrittenOffInWholeYen() {
        Posting p = StripeBalanceRules.disputeClosed(dispute("lost", "JPY", 5_000, 1_500, 0, 0), JP, null).orElseThrow();

        assertThat(lines(p)).containsExactly("97 5000/0", "95 0/5000");
    }

    @Test
    void aDisputeInAnotherCurrencyThanTheEntitysOrInALockedPeriodIsRefused() {
        assertThatThrownBy(() -> StripeBalanceRules.disputeOpened(dispute("needs_response", "EUR", 1_000, 1_500, 0, 0), US, null))
                .isInstanceOf(PostingRuleException.class).hasMessageContaining("entity us books in USD");
        assertThatThrownBy(() -> StripeBalanceRules.disputeOpened(dispute("needs_response", "USD", 1_000, 1_500, 0, 0), US,
                LocalDate.parse("2026-11-30"))).isInstanceOf(PostingRuleException.class).hasMessageContaining("locked in Odoo up to 2026-11-30");
    }

    @Test
    void everyEntryBalances() {
        for (Posting p : List.of(StripeBalanceRules.disputeOpened(dispute("needs_response", "USD", 8_473, 1_500, 0, 0), US, null).orElseThrow(),
                StripeBalanceRules.disputeClosed(dispute("won", "USD", 8_473, 1_500, 8_473, -1_500), US, null).orElseThrow(),
                StripeBalanceRules.disputeClosed(dispute("won", "USD", 8_473, 1_500, 8_000, 0), US, null).orElseThrow())) {
            BigDecimal debit = BigDecimal.ZERO;
            BigDecimal credit = BigDecimal.ZERO;
            for (String l : lines(p)) {
                String[] dc = l.substring(l.indexOf(' ') + 1).split("/");
                debit = debit.add(new BigDecimal(dc[0]));
                credit = credit.add(new BigDecimal(dc[1]));
            }
            assertThat(debit).as(p.naturalKey()).isEqualByComparingTo(credit);
        }
    }
}
