package io.finbridge.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.RevenueEntry;
import io.finbridge.canonical.RevenueSchedule;
import io.finbridge.revenue.ScheduleAdjustment.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/flows/revenue.md, Stripe Revenue Recognition's documented ones among them. */
class ScheduleRuleTest {

    static final Origin ORIGIN = new Origin("stripe", "in_1", "us", Instant.parse("2026-01-15T00:00:00Z"), "stripe-invoice", 2);

    static DeferredLine line(String ref, String amount, String currency, String start, String end, boolean proration) {
        return new DeferredLine(ORIGIN, ref, "INV-1", "cus_1", "sub_1", "si_1", "price_1", "Plan", Money.of(amount, currency),
                LocalDate.parse(start), LocalDate.parse(end), proration, null);
    }

    static List<String> amounts(RevenueSchedule schedule) {
        return schedule.entries().stream().map(e -> e.amount().amount().toPlainString()).toList();
    }

    static List<String> periods(RevenueSchedule schedule) {
        return schedule.entries().stream().map(e -> PeriodLength.MONTH.periodOf(e.start()).key()).toList();
    }

    @Test
    void thirtyOneDollarsFromTheFifteenthOfJanuaryAreSeventeenThenFourteen() {
        // Stripe: "On January 15 a customer starts a monthly subscription that costs 31 USD ... recognized across
        // 17 days in January and 14 days in February"
        RevenueSchedule s = ScheduleRule.compute(line("stripe:il_1", "31.00", "USD", "2026-01-15", "2026-02-15", false),
                List.of(), PeriodLength.MONTH);
        assertThat(amounts(s)).containsExactly("17.00", "14.00");
        assertThat(periods(s)).containsExactly("2026-01", "2026-02");
        assertThat(s.entries().get(0).start()).isEqualTo(LocalDate.parse("2026-01-15"));
        assertThat(s.entries().get(0).end()).isEqualTo(LocalDate.parse("2026-02-01"));
        assertThat(s.imbalances()).isEmpty();
    }

    @Test
    void aThirtyDollarCreditBeforeAnyRecognitionMakesOneHundredTwentyForThreeMonthsThirtyOneTwentyEightThirtyOne() {
        // Stripe's "credit note before a payment": 120 USD for three months from January 1, a 30 USD credit note,
        // treated as an upfront discount: revenue +31.00, +28.00, +31.00
        DeferredLine quarter = line("stripe:il_2", "120.00", "USD", "2026-01-01", "2026-04-01", false);
        RevenueSchedule s = ScheduleRule.compute(quarter, List.of(ScheduleAdjustment.credit(Kind.CREDIT_NOTE, "cn_1",
                Money.of("30.00", "USD"), quarter.amount(), LocalDate.parse("2026-01-01"))), PeriodLength.MONTH);
        assertThat(amounts(s)).containsExactly("31.00", "28.00", "31.00");
        assertThat(s.total()).isEqualTo(Money.of("90.00", "USD"));
        assertThat(s.imbalances()).isEmpty();
    }

    @Test
    void aCreditAfterSomeRevenueWasRecognizedReducesOnlyWhatRemains() {
        // Stripe's "credit note after a payment" (90 USD for three months, 45 USD credited on February 1) restates the
        // whole line and books January's share at once; Finbridge leaves January as posted and takes the 45 from
        // February and March by their days
        DeferredLine quarter = line("stripe:il_3", "90.00", "USD", "2026-01-01", "2026-04-01", false);
        RevenueSchedule s = ScheduleRule.compute(quarter, List.of(ScheduleAdjustment.credit(Kind.CREDIT_NOTE, "cn_2",
                Money.of("45.00", "USD"), quarter.amount(), LocalDate.parse("2026-02-01"))), PeriodLength.MONTH);
        // 45 over 59 days: February 28 days = 21.355..., March 31 days = 23.644... -> 21.36 / 23.64
        assertThat(amounts(s)).containsExactly("31.00", "6.64", "7.36");
        assertThat(s.total()).isEqualTo(Money.of("45.00", "USD"));
    }

    @Test
    void oneHundredDollarsOverThreeHundredSixtyFiveDaysTiesOut() {
        RevenueSchedule s = ScheduleRule.compute(line("stripe:il_4", "100.00", "USD", "2026-03-10", "2027-03-10", false),
                List.of(), PeriodLength.MONTH);
        assertThat(s.entries()).hasSize(13);
        assertThat(Money.sum(s.entries().stream().map(RevenueEntry::amount).toList(), "USD")).isEqualTo(Money.of("100.00", "USD"));
        // March 2026 has 22 of the 365 days: 6.027... rounds down to 6.02 unless it holds one of the leftover cents
        assertThat(s.entries().get(0).amount().amount()).isBetween(new java.math.BigDecimal("6.02"), new java.math.BigDecimal("6.03"));
        assertThat(s.imbalances()).isEmpty();
    }

    @Test
    void yenHaveNoMinorUnitsAndStillTieOut() {
        RevenueSchedule s = ScheduleRule.compute(line("stripe:il_5", "10000", "JPY", "2026-01-01", "2027-01-01", false),
                List.of(), PeriodLength.MONTH);
        // 10000 x 31/365 = 849.32, x 28/365 = 767.12, x 30/365 = 821.92: the six leftover yen go to the four 30-day
        // months (remainder .92) and, on the tie between the 31-day months, to the earliest two
        assertThat(amounts(s)).containsExactly("850", "767", "850", "822", "849", "822", "849", "849", "822", "849", "822", "849");
        assertThat(s.imbalances()).isEmpty();
    }

    @Test
    void kuwaitiDinarHaveThreeDecimalsAndTieOut() {
        RevenueSchedule s = ScheduleRule.compute(line("stripe:il_6", "10.000", "KWD", "2026-01-20", "2026-04-20", false),
                List.of(), PeriodLength.MONTH);
        // 90 days: 12, 28, 31, 19
        assertThat(amounts(s)).containsExactly("1.333", "3.111", "3.445", "2.111");
        assertThat(s.imbalances()).isEmpty();
    }

    @Test
    void aMidPeriodUpgradeGivesEachProrationLineASchedule() {
        // 90 USD a month from April 15; upgraded to 120 USD on April 25: the unused 20 days of the old plan are
        // credited (-60.00) and the 20 days of the new plan charged (+80.00), each over April 25 - May 15
        RevenueSchedule plan = ScheduleRule.compute(line("stripe:il_7", "90.00", "USD", "2026-04-15", "2026-05-15", false),
                List.of(), PeriodLength.MONTH);
        RevenueSchedule unused = ScheduleRule.compute(line("stripe:il_8", "-60.00", "USD", "2026-04-25", "2026-05-15", true),
                List.of(), PeriodLength.MONTH);
        RevenueSchedule upgraded = ScheduleRule.compute(line("stripe:il_9", "80.00", "USD", "2026-04-25", "2026-05-15", true),
                List.of(), PeriodLength.MONTH);
        assertThat(amounts(plan)).containsExactly("48.00", "42.00");
        assertThat(amounts(unused)).containsExactly("-18.00", "-42.00");
        assertThat(amounts(upgraded)).containsExactly("24.00", "56.00");
        // April: 16 days of the old plan at 3.00 less 6 credited, plus 6 days of the new at 4.00 = 20 x 3 + 6 x 4... 54
        assertThat(plan.entries().get(0).amount().plus(unused.entries().get(0).amount()).plus(upgraded.entries().get(0).amount()))
                .isEqualTo(Money.of("54.00", "USD"));
        assertThat(plan.entries().get(1).amount().plus(unused.entries().get(1).amount()).plus(upgraded.entries().get(1).amount()))
                .isEqualTo(Money.of("56.00", "USD"));
    }

    @Test
    void aCancellationWithARefundStopsTheScheduleAndRecognizesWhatWasDelivered() {
        // 120 USD for January - March, cancelled on February 15 with the unused 45 days refunded (60.00)
        DeferredLine quarter = line("stripe:il_10", "120.00", "USD", "2026-01-01", "2026-04-01", false);
        RevenueSchedule s = ScheduleRule.compute(quarter, List.of(
                ScheduleAdjustment.credit(Kind.REFUND, "re_1", Money.of("60.00", "USD"), quarter.amount(), LocalDate.parse("2026-02-15")),
                ScheduleAdjustment.cancellation("sub_1:canceled", LocalDate.parse("2026-02-15"))), PeriodLength.MONTH);
        assertThat(periods(s)).containsExactly("2026-01", "2026-02");
        assertThat(amounts(s)).containsExactly("41.34", "18.66");
        assertThat(s.total()).isEqualTo(Money.of("60.00", "USD"));
        assertThat(s.imbalances()).isEmpty();
    }

    @Test
    void aCancellationWithoutARefundRecognizesTheRestAtOnce() {
        DeferredLine year = line("stripe:il_11", "365.00", "USD", "2026-01-01", "2027-01-01", false);
        RevenueSchedule s = ScheduleRule.compute(year, List.of(ScheduleAdjustment.cancellation("sub_1:canceled",
                LocalDate.parse("2026-03-10"))), PeriodLength.MONTH);
        assertThat(amounts(s)).containsExactly("31.00", "28.00", "306.00");
    }

    @Test
    void aRefundAfterTheServiceEndedFallsInThePeriodOfItsDate() {
        DeferredLine month = line("stripe:il_12", "31.00", "USD", "2026-01-01", "2026-02-01", false);
        RevenueSchedule s = ScheduleRule.compute(month, List.of(ScheduleAdjustment.credit(Kind.REFUND, "re_2",
                Money.of("31.00", "USD"), month.amount(), LocalDate.parse("2026-03-03"))), PeriodLength.MONTH);
        assertThat(periods(s)).containsExactly("2026-01", "2026-03");
        assertThat(amounts(s)).containsExactly("31.00", "-31.00");
    }

    @Test
    void aLineBilledAfterItsFirstPeriodWasRecognizedCatchesUpInTheFirstOpenPeriod() {
        DeferredLine late = line("stripe:il_13", "31.00", "USD", "2026-01-15", "2026-02-15", false)
                .recognizedFrom(LocalDate.parse("2026-02-01"));
        RevenueSchedule s = ScheduleRule.compute(late, List.of(), PeriodLength.MONTH);
        assertThat(periods(s)).containsExactly("2026-02");
        assertThat(amounts(s)).containsExactly("31.00");
    }

    @Test
    void quartersAreCalendarQuarters() {
        RevenueSchedule s = ScheduleRule.compute(line("stripe:il_14", "365.00", "USD", "2026-01-01", "2027-01-01", false),
                List.of(), PeriodLength.QUARTER);
        assertThat(amounts(s)).containsExactly("90.00", "91.00", "92.00", "92.00");
    }

    @Test
    void aPeriodShorterThanADayIsRecognizedOnThatDay() {
        RevenueSchedule s = ScheduleRule.compute(line("stripe:il_15", "0.42", "USD", "2026-05-31", "2026-05-31", true),
                List.of(), PeriodLength.MONTH);
        assertThat(periods(s)).containsExactly("2026-05");
        assertThat(amounts(s)).containsExactly("0.42");
    }

    @Test
    void aCreditInAnotherCurrencyIsRefused() {
        DeferredLine month = line("stripe:il_16", "31.00", "USD", "2026-01-01", "2026-02-01", false);
        assertThatThrownBy(() -> ScheduleRule.compute(month, List.of(new ScheduleAdjustment(Kind.CREDIT_NOTE, "cn_9",
                Money.of("-1.00", "EUR"), LocalDate.parse("2026-01-10"))), PeriodLength.MONTH))
                .hasMessageContaining("cn_9 is in EUR, the line stripe:il_16 in USD");
    }
}
