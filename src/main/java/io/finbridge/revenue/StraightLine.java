package io.finbridge.revenue;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.RevenueEntry;
import io.finbridge.canonical.Rounding;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Straight-line by day: an amount for {@code [start, end)} split into one entry per recognition period, each
 * period's share in proportion to its days, rounded by {@link Rounding#LARGEST_REMAINDER} ({@link Money#allocate}):
 * every part is rounded down to the minor unit, and the units left over go one each to the periods with the largest
 * remainders, the earlier period on a tie. The entries always add up to the amount, in every currency.
 */
public final class StraightLine {

    private StraightLine() {
    }

    /**
     * The entries for {@code amount} over {@code [start, end)}. A period that starts and ends on the same day (a
     * proration of a few hours) counts as that one day.
     */
    public static List<RevenueEntry> split(Money amount, LocalDate start, LocalDate end, PeriodLength length) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("service period ends (" + end + ") before it starts (" + start + ")");
        }
        LocalDate until = end.isEqual(start) ? start.plusDays(1) : end;
        List<LocalDate[]> spans = new ArrayList<>();
        List<BigDecimal> days = new ArrayList<>();
        LocalDate from = start;
        while (from.isBefore(until)) {
            RevenuePeriod period = length.periodOf(from);
            LocalDate to = period.end().isBefore(until) ? period.end() : until;
            spans.add(new LocalDate[] {from, to});
            days.add(BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to)));
            from = to;
        }
        List<Money> parts = amount.allocate(days);
        List<RevenueEntry> entries = new ArrayList<>(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            entries.add(new RevenueEntry(spans.get(i)[0], spans.get(i)[1], parts.get(i)));
        }
        return entries;
    }
}
