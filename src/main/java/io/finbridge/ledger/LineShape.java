package io.finbridge.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Quantity, unit price and discount for an Odoo line whose base must equal the source's line amount exactly. Odoo
 * keeps unit prices to 2 decimals and rounds each line, so the source's own quantity and price do not always give
 * its amount back (a discount of 5.00 on 3 × 9.99, a KWD amount with fils). In order of preference:
 * <ol>
 * <li>the source's quantity and unit price, with the discount as Odoo's percentage when that is exact;</li>
 * <li>the source's quantity at the discounted unit price, when it has at most 2 decimals;</li>
 * <li>quantity 1 at the line's amount (the label then says quantity, price and discount);</li>
 * <li>for currencies with 3 decimals, quantity 0.1 at ten times the amount (12.345 KWD = 0.1 × 123.45).</li>
 * </ol>
 */
public record LineShape(BigDecimal quantity, BigDecimal priceUnit, BigDecimal discountPercent, boolean restated) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TENTH = new BigDecimal("0.1");

    /**
     * @param amount    what the line must come to in Odoo (its subtotal, or its total when tax is included)
     * @param quantity  the source's quantity
     * @param unitPrice the source's unit price before discount
     * @param discount  the source's discount on the whole line, or null
     */
    public static LineShape of(BigDecimal amount, BigDecimal quantity, BigDecimal unitPrice, BigDecimal discount, int decimals) {
        boolean discounted = discount != null && discount.signum() != 0;
        if (quantity.signum() > 0 && fits(unitPrice)) {
            if (!discounted && gives(amount, quantity, unitPrice, null, decimals)) {
                return new LineShape(quantity, unitPrice, null, false);
            }
            BigDecimal gross = unitPrice.multiply(quantity);
            if (discounted && gross.signum() != 0) {
                BigDecimal percent = discount.multiply(HUNDRED).divide(gross, MathContext.DECIMAL128).stripTrailingZeros();
                if (percent.scale() <= 2 && gives(amount, quantity, unitPrice, percent, decimals)) {
                    return new LineShape(quantity, unitPrice, percent.setScale(Math.max(0, percent.scale())), false);
                }
            }
        }
        if (quantity.signum() > 0) {
            BigDecimal each = amount.divide(quantity, MathContext.DECIMAL128).stripTrailingZeros();
            if (each.scale() <= 2 && gives(amount, quantity, each, null, decimals)) {
                return new LineShape(quantity, each.setScale(2), null, discounted);
            }
        }
        if (fits(amount)) {
            return new LineShape(BigDecimal.ONE, amount.setScale(2), null, true);
        }
        BigDecimal tenfold = amount.multiply(BigDecimal.TEN);
        if (fits(tenfold) && gives(amount, TENTH, tenfold, null, decimals)) {
            return new LineShape(TENTH, tenfold.setScale(2), null, true);
        }
        throw new PostingRuleException("no Odoo line can carry " + amount.toPlainString() + " exactly (unit prices keep 2 decimals)");
    }

    private static boolean fits(BigDecimal v) {
        return v.stripTrailingZeros().scale() <= OdooLineMath.PRICE_DECIMALS;
    }

    private static boolean gives(BigDecimal amount, BigDecimal quantity, BigDecimal unitPrice, BigDecimal percent, int decimals) {
        return OdooLineMath.base(quantity, unitPrice, percent, decimals).compareTo(amount.setScale(decimals, RoundingMode.HALF_UP)) == 0;
    }
}
