package io.finbridge.canonical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * An amount in one currency, always at that currency's minor units ({@code 1500} JPY, {@code 12.50} USD,
 * {@code 6.307} KWD). Serialized as {@code {"amount": "12.50", "currency": "USD"}}: the amount is a JSON string so no
 * reader ever sees it as a binary floating point number.
 */
public record Money(BigDecimal amount, String currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int units = Currencies.minorUnits(currency);
        try {
            amount = amount.setScale(units, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException(amount.toPlainString() + " has more decimals than " + currency
                    + " allows (" + units + ")");
        }
    }

    /** A source amount in major units ("12.50"); refused when finer than the currency allows (rule {@link Rounding#EXACT}). */
    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount.trim()), currency);
    }

    /** A source amount in minor units (Stripe's {@code 1250} for 12.50 USD, {@code 1250} for 1250 JPY). */
    public static Money ofMinor(long minorUnits, String currency) {
        return new Money(BigDecimal.valueOf(minorUnits, Currencies.minorUnits(currency)), currency);
    }

    public static Money ofMinor(BigDecimal minorUnits, String currency) {
        BigInteger whole;
        try {
            whole = minorUnits.toBigIntegerExact();
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException(minorUnits.toPlainString() + " is not a whole number of minor units");
        }
        return new Money(new BigDecimal(whole, Currencies.minorUnits(currency)), currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** The sum of {@code amounts}, all in {@code currency}; zero when empty. */
    public static Money sum(Collection<Money> amounts, String currency) {
        Money total = zero(currency);
        for (Money m : amounts) {
            total = total.plus(m);
        }
        return total;
    }

    public int minorUnits() {
        return amount.scale();
    }

    /** The amount as an integer count of minor units (1250 for 12.50 USD). */
    public long toMinor() {
        return amount.movePointRight(amount.scale()).longValueExact();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public Money abs() {
        return new Money(amount.abs(), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** This amount times {@code factor} (a quantity, a tax rate as a fraction), rounded by {@code rule}. */
    public Money times(BigDecimal factor, Rounding rule) {
        return new Money(amount.multiply(factor).setScale(minorUnits(), rule.mode()), currency);
    }

    /**
     * Splits this amount into parts proportional to {@code weights} by rule {@link Rounding#LARGEST_REMAINDER}; the
     * parts always add up to this amount exactly. Weights must be zero or positive and not all zero.
     */
    public List<Money> allocate(List<BigDecimal> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("nothing to allocate to");
        }
        BigDecimal totalWeight = BigDecimal.ZERO;
        for (BigDecimal w : weights) {
            if (w.signum() < 0) {
                throw new IllegalArgumentException("allocation weights cannot be negative: " + w);
            }
            totalWeight = totalWeight.add(w);
        }
        if (totalWeight.signum() == 0) {
            throw new IllegalArgumentException("allocation weights are all zero");
        }
        BigInteger units = amount.unscaledValue().abs();
        int sign = amount.signum();
        List<BigInteger> parts = new ArrayList<>(weights.size());
        List<BigDecimal> remainders = new ArrayList<>(weights.size());
        BigInteger given = BigInteger.ZERO;
        for (BigDecimal w : weights) {
            BigDecimal exact = new BigDecimal(units).multiply(w);
            BigDecimal[] qr = exact.divideAndRemainder(totalWeight);
            BigInteger part = qr[0].toBigIntegerExact();
            parts.add(part);
            remainders.add(qr[1]);
            given = given.add(part);
        }
        int left = units.subtract(given).intValueExact();
        while (left > 0) {
            int best = 0;
            for (int i = 1; i < remainders.size(); i++) {
                if (remainders.get(i).compareTo(remainders.get(best)) > 0) {
                    best = i;
                }
            }
            parts.set(best, parts.get(best).add(BigInteger.ONE));
            remainders.set(best, BigDecimal.valueOf(-1));
            left--;
        }
        List<Money> out = new ArrayList<>(parts.size());
        for (BigInteger p : parts) {
            BigInteger signed = sign < 0 ? p.negate() : p;
            out.add(new Money(new BigDecimal(signed, minorUnits()), currency));
        }
        return List.copyOf(out);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }
}
