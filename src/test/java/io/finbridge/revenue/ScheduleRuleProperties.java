package io.finbridge.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.canonical.Currencies;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.RevenueEntry;
import io.finbridge.canonical.RevenueSchedule;
import io.finbridge.revenue.ScheduleAdjustment.Kind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random lines, amounts, currencies, periods, credits and cancellations: the schedule always ties out. */
class ScheduleRuleProperties {

    record Case(DeferredLine line, List<ScheduleAdjustment> adjustments, PeriodLength length) {
    }

    @Property(tries = 2000)
    void everyScheduleAddsUpExactlyToItsLineAndCredits(@ForAll("cases") Case c) {
        RevenueSchedule s = ScheduleRule.compute(c.line(), c.adjustments(), c.length());
        Money expected = c.line().amount();
        for (ScheduleAdjustment a : c.adjustments()) {
            if (!a.isCancellation()) {
                expected = expected.plus(a.change());
            }
        }
        assertThat(s.total()).isEqualTo(expected);
        assertThat(Money.sum(s.entries().stream().map(RevenueEntry::amount).toList(), c.line().currency())).isEqualTo(expected);
        assertThat(s.imbalances()).isEmpty();
        assertThat(s.entries()).allSatisfy(e -> assertThat(e.amount().minorUnits()).isEqualTo(Currencies.minorUnits(c.line().currency())));
        // one entry per period, in order
        List<String> keys = s.entries().stream().map(e -> c.length().periodOf(e.start()).key()).toList();
        assertThat(keys).doesNotHaveDuplicates().isSorted();
    }

    @Property(tries = 2000)
    void noPeriodIsNegativeUnlessACreditMadeItSo(@ForAll("cases") Case c) {
        RevenueSchedule s = ScheduleRule.compute(c.line(), c.adjustments(), c.length());
        LocalDate firstCredit = c.adjustments().stream().filter(a -> !a.isCancellation()).map(ScheduleAdjustment::effective)
                .min(LocalDate::compareTo).orElse(null);
        for (RevenueEntry e : s.entries()) {
            if (e.amount().isNegative()) {
                // only a credit can take a positive line below zero, and only from the period of its date on
                assertThat(firstCredit).as("negative %s with no credit", e).isNotNull();
                RevenuePeriod period = c.length().periodOf(e.start());
                assertThat(period.end()).as("negative %s before the first credit on %s", e, firstCredit).isAfter(firstCredit);
            }
        }
    }

    @Property(tries = 1000)
    void aLineWithoutAdjustmentsGetsEveryPeriodItsServiceTouches(@ForAll("cases") Case c) {
        RevenueSchedule s = ScheduleRule.compute(c.line(), List.of(), c.length());
        LocalDate last = c.line().serviceEnd().isAfter(c.line().serviceStart()) ? c.line().serviceEnd().minusDays(1) : c.line().serviceStart();
        int expected = 0;
        for (RevenuePeriod p = c.length().periodOf(c.line().serviceStart()); !p.start().isAfter(last); p = c.length().periodOf(p.end())) {
            expected++;
        }
        assertThat(s.entries()).hasSize(expected);
        assertThat(s.entries()).allSatisfy(e -> assertThat(e.amount().isNegative()).isFalse());
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> currency = Arbitraries.of("USD", "EUR", "JPY", "KWD", "BHD", "KRW", "GBP", "CHF");
        Arbitrary<LocalDate> start = Arbitraries.integers().between(0, 3 * 366).map(d -> LocalDate.of(2024, 1, 1).plusDays(d));
        Arbitrary<Integer> days = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)), net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 31)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(28, 400)), net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(400, 1200)));
        Arbitrary<Long> minor = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 100_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 10)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 10_000_000_000L)));
        Arbitrary<PeriodLength> length = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(PeriodLength.MONTH)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(PeriodLength.QUARTER)), net.jqwik.api.Tuple.of(1, Arbitraries.just(PeriodLength.YEAR)));
        return Combinators.combine(currency, start, days, minor, length, Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as((cur, from, n, units, len, seed) -> {
                    Money amount = Money.ofMinor(units, cur);
                    DeferredLine line = new DeferredLine(ScheduleRuleTest.ORIGIN, "stripe:il_p", null, "cus_1", null, null, null,
                            null, amount, from, from.plusDays(n), false, null);
                    return new Case(line, adjustments(line, new java.util.Random(seed)), len);
                });
    }

    /** Up to three credits (some larger than what remains) and sometimes a cancellation, dated around the service. */
    private static List<ScheduleAdjustment> adjustments(DeferredLine line, java.util.Random random) {
        List<ScheduleAdjustment> out = new ArrayList<>();
        long span = Math.max(1, line.serviceEnd().toEpochDay() - line.serviceStart().toEpochDay());
        int credits = random.nextInt(4);
        for (int i = 0; i < credits; i++) {
            LocalDate on = line.serviceStart().plusDays(random.nextLong(-10, span + 40));
            long units = Math.max(1, (long) (line.amount().toMinor() * random.nextDouble(0, 1.5)));
            Kind kind = random.nextBoolean() ? Kind.CREDIT_NOTE : Kind.REFUND;
            out.add(ScheduleAdjustment.credit(kind, "cn_" + i, Money.ofMinor(units, line.currency()), line.amount(), on));
        }
        if (random.nextInt(4) == 0) {
            out.add(ScheduleAdjustment.cancellation("cancel", line.serviceStart().plusDays(random.nextLong(-5, span + 5))));
        }
        return out;
    }
}
