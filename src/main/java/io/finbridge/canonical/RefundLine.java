package io.finbridge.canonical;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a refund gives back for one order line: {@code quantity} of it, for {@code subtotal} (after the line's
 * discounts, as the source computed the refunded share) and {@code tax}. {@code name}, {@code unitPrice} (before
 * discounts) and {@code taxes} (the order line's tax lines: their title and rate say which tax the refund reverses)
 * describe the order line refunded.
 */
public record RefundLine(String orderLineRef, String sku, @Required BigDecimal quantity, Money subtotal, Money tax, Boolean restock,
                         String name, Money unitPrice, List<TaxLine> taxes) {

    public RefundLine {
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }
}
