package io.finbridge.canonical;

import java.math.BigDecimal;
import java.util.List;

/**
 * One line of an order: {@code unitPrice} is the price before discounts (tax included when the order says so),
 * {@code discount} the total discount allocated to the line.
 */
public record OrderLine(
        String sourceLineId,
        String sku,
        @Required String name,
        @Required BigDecimal quantity,
        @Required Money unitPrice,
        Money discount,
        List<TaxLine> taxes) {

    public OrderLine {
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }

    /** Quantity times unit price, rule {@link Rounding#HALF_UP_PER_LINE}. */
    public Money gross() {
        return unitPrice.times(quantity, Rounding.HALF_UP_PER_LINE);
    }

    /** Gross less the line's discount. */
    public Money net() {
        return discount == null ? gross() : gross().minus(discount);
    }
}
