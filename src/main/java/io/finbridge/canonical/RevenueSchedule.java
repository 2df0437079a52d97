package io.finbridge.canonical;

import java.util.List;

/**
 * How an amount billed in advance (an invoice line for a service period) is recognized as revenue over time. Ties out:
 * the entries add up to {@code total}. Computed by {@code io.finbridge.revenue.ScheduleRule} (straight-line by day,
 * rule {@link Rounding#LARGEST_REMAINDER}).
 */
public record RevenueSchedule(
        @Required Origin origin,
        @Required String invoiceLineRef,
        @Required Money total,
        List<RevenueEntry> entries) implements CanonicalRecord, TiesOut {

    public RevenueSchedule {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    @Override
    public List<Imbalance> imbalances() {
        Money sum = Money.sum(entries.stream().map(RevenueEntry::amount).toList(), total.currency());
        return sum.equals(total) ? List.of() : List.of(new Imbalance("total", sum, total, "the schedule's entries"));
    }
}
