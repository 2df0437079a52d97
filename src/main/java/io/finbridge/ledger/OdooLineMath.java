package io.finbridge.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * How Odoo 17 computes an invoice line, so that Finbridge knows Odoo's totals before it sends anything. Observed on a
 * real Odoo 17 (price precision 2, taxes rounded per line):
 * <ul>
 * <li>{@code price_unit} is kept with 2 decimals in every currency (12.345 KWD became 12.35, 19.995 EUR became 20.00);</li>
 * <li>the line's base is {@code price_unit × quantity × (1 − discount / 100)}, rounded to the currency's decimals
 *     (3 × 33.33 less 12.5 % = 87.49125 → 87.49);</li>
 * <li>taxes excluded from the price: each is {@code base × rate}, rounded per line (KWD 5.558 + 0.749 = 6.307);</li>
 * <li>a tax included in the price: the base is the line's total, its tax {@code total × rate / (1 + rate)} rounded,
 *     and the subtotal what is left (107.10 incl. 19 % → 17.10 tax, 90.00 subtotal; 87.49 → 13.97, 73.52).</li>
 * </ul>
 */
public final class OdooLineMath {

    /** Odoo's "Product Price" precision: unit prices keep 2 decimals whatever the currency. */
    public static final int PRICE_DECIMALS = 2;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private OdooLineMath() {
    }

    /** A tax on a line: its Odoo id, rate as a fraction, and whether prices include it. */
    public record Tax(int id, BigDecimal rate, boolean included) {
    }

    /** What Odoo computes for one line, in the document currency. */
    public record Amounts(BigDecimal subtotal, BigDecimal tax) {
        public BigDecimal total() {
            return subtotal.add(tax);
        }
    }

    public static BigDecimal storedUnitPrice(BigDecimal priceUnit) {
        return priceUnit.setScale(PRICE_DECIMALS, RoundingMode.HALF_UP);
    }

    /** The line's base: its subtotal when no tax is included, else its total including tax. */
    public static BigDecimal base(BigDecimal quantity, BigDecimal priceUnit, BigDecimal discountPercent, int decimals) {
        BigDecimal gross = storedUnitPrice(priceUnit).multiply(quantity);
        if (discountPercent != null && discountPercent.signum() != 0) {
            gross = gross.multiply(HUNDRED.subtract(discountPercent)).divide(HUNDRED, MathContext.DECIMAL128);
        }
        return gross.setScale(decimals, RoundingMode.HALF_UP);
    }

    public static Amounts amounts(BigDecimal quantity, BigDecimal priceUnit, BigDecimal discountPercent, List<Tax> taxes, int decimals) {
        BigDecimal base = base(quantity, priceUnit, discountPercent, decimals);
        List<Tax> included = taxes.stream().filter(Tax::included).toList();
        if (included.isEmpty()) {
            BigDecimal tax = BigDecimal.ZERO.setScale(decimals);
            for (Tax t : taxes) {
                tax = tax.add(base.multiply(t.rate()).setScale(decimals, RoundingMode.HALF_UP));
            }
            return new Amounts(base, tax);
        }
        if (taxes.size() > 1) {
            throw new PostingRuleException("a line with a price-included tax and other taxes (" + taxes
                    + ") is not supported: Odoo's result would depend on the taxes' sequence");
        }
        BigDecimal rate = included.get(0).rate();
        BigDecimal tax = base.multiply(rate).divide(BigDecimal.ONE.add(rate), MathContext.DECIMAL128).setScale(decimals, RoundingMode.HALF_UP);
        return new Amounts(base.subtract(tax), tax);
    }
}
