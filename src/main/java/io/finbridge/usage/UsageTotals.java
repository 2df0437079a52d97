package io.finbridge.usage;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The running totals of one usage group: a customer's meter in a usage period, billed in a period (the same one, or
 * a later one for events that came after its grace window). Kept by Camel's aggregator in its JDBC repository, so it
 * is {@link Serializable}; merging is associative and commutative, so partial totals combine in any order.
 */
public record UsageTotals(String group, String customer, String meter, String usagePeriod, String billedPeriod,
        long count, BigDecimal sum, BigDecimal max, BigDecimal last, long lastAt) implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String SEPARATOR = "|";

    public static String groupOf(String customer, String meter, String usagePeriod, String billedPeriod) {
        return customer + SEPARATOR + meter + SEPARATOR + usagePeriod + SEPARATOR + billedPeriod;
    }

    /** The parts of a group key: customer, meter, usage period, billed period. */
    public static String[] parts(String group) {
        String[] p = group.split("\\|", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("not a usage group: " + group);
        }
        return p;
    }

    public static UsageTotals of(UsageEvent e, String usagePeriod, String billedPeriod) {
        return new UsageTotals(groupOf(e.customer(), e.meter(), usagePeriod, billedPeriod), e.customer(), e.meter(), usagePeriod,
                billedPeriod, 1, e.quantity(), e.quantity(), e.quantity(), e.timestamp().toEpochMilli());
    }

    public UsageTotals merge(UsageTotals o) {
        if (o == null) {
            return this;
        }
        boolean later = o.lastAt > lastAt || (o.lastAt == lastAt && o.last.compareTo(last) > 0);
        return new UsageTotals(group, customer, meter, usagePeriod, billedPeriod, count + o.count, sum.add(o.sum),
                max.max(o.max), later ? o.last : last, Math.max(lastAt, o.lastAt));
    }

    public BigDecimal quantity(Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> sum;
            case MAX -> max;
            case LAST -> last;
            case COUNT -> BigDecimal.valueOf(count);
        };
    }

    /** Late events billed in a later period than the one they were used in. */
    public boolean isAdjustment() {
        return !usagePeriod.equals(billedPeriod);
    }
}
