package io.finbridge.canonical;

import java.math.BigDecimal;

/** What a refund gives back for one order line. */
public record RefundLine(String orderLineRef, String sku, @Required BigDecimal quantity, Money subtotal, Money tax, Boolean restock) {
}
