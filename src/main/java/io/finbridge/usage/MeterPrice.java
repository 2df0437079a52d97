package io.finbridge.usage;

import io.finbridge.canonical.Currencies;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Rounding;
import java.math.BigDecimal;
import java.util.List;

/**
 * How a plan prices one meter: which aggregate of the period's events, how many units are included, the tiers
 * (graduated or volume) and a flat fee per period with usage. {@link #rate} is exact until one rounding at the end,
 * rule {@link Rounding#HALF_UP_PER_LINE}: the amount is one invoice line.
 */
public record MeterPrice(String meter, String description, Aggregate aggregate, boolean graduated, BigDecimal included,
        BigDecimal flatFee, List<Tier> tiers) {

    public MeterPrice {
        tiers = List.copyOf(tiers);
    }

    /** The amount for {@code quantity} in the period, in {@code currency}. */
    public Money rate(BigDecimal quantity, String currency) {
        BigDecimal billable = quantity.subtract(included).max(BigDecimal.ZERO);
        BigDecimal amount = BigDecimal.ZERO;
        if (billable.signum() > 0) {
            amount = graduated ? graduated(billable) : volume(billable);
        }
        if (quantity.signum() > 0) {
            amount = amount.add(flatFee);
        }
        return Money.of(amount.setScale(Currencies.minorUnits(currency), Rounding.HALF_UP_PER_LINE.mode()), currency);
    }

    private BigDecimal graduated(BigDecimal billable) {
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal below = BigDecimal.ZERO;
        for (Tier t : tiers) {
            BigDecimal top = t.upTo() == null ? billable : t.upTo().min(billable);
            if (top.compareTo(below) <= 0) {
                break;
            }
            amount = amount.add(top.subtract(below).multiply(t.unitPrice())).add(t.flatFee());
            below = top;
        }
        return amount;
    }

    private BigDecimal volume(BigDecimal billable) {
        for (Tier t : tiers) {
            if (t.upTo() == null || billable.compareTo(t.upTo()) <= 0) {
                return billable.multiply(t.unitPrice()).add(t.flatFee());
            }
        }
        throw new IllegalStateException("the last tier of " + meter + " has a limit"); // refused when the plan is read
    }
}
