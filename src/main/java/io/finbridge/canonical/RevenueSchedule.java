package io.finbridge.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How an amount billed in advance (an invoice line for a service period) is recognized as revenue over time. Ties out:
 * the entries add up to {@code total}.
 */
public record RevenueSchedule(
        @Required Origin origin,
        @Required String invoiceLineRef,
        @Required Money total,
        List<RevenueEntry> entries) implements CanonicalRecord, TiesOut {

    public RevenueSchedule {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * Straight-line by day, one entry per calendar month of {@code [start, end)}: each month gets the share of its
     * days, rule {@link Rounding#LARGEST_REMAINDER}, so the entries add up to {@code total} to the minor unit.
     */
    public static RevenueSchedule straightLineMonthly(Origin origin, String invoiceLineRef, Money total, LocalDate start, LocalDate end) {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("service period ends (" + end + ") before it starts (" + start + ")");
        }
        List<LocalDate[]> months = new ArrayList<>();
        List<BigDecimal> days = new ArrayList<>();
        LocalDate from = start;
        while (from.isBefore(end)) {
            LocalDate nextMonth = from.withDayOfMonth(1).plusMonths(1);
            LocalDate to = nextMonth.isBefore(end) ? nextMonth : end;
            months.add(new LocalDate[] {from, to});
            days.add(BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to)));
            from = to;
        }
        List<Money> parts = total.allocate(days);
        List<RevenueEntry> entries = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            entries.add(new RevenueEntry(months.get(i)[0], months.get(i)[1], parts.get(i)));
        }
        return new RevenueSchedule(origin, invoiceLineRef, total, entries);
    }

    @Override
    public List<Imbalance> imbalances() {
        Money sum = Money.sum(entries.stream().map(RevenueEntry::amount).toList(), total.currency());
        return sum.equals(total) ? List.of() : List.of(new Imbalance("total", sum, total, "the schedule's entries"));
    }
}
