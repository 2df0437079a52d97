package io.finbridge.canonical;

import java.math.BigDecimal;
import java.util.List;

/**
 * One line of an invoice or credit note: {@code amount} is the line's total before invoice-level discounts (tax
 * included when its tax lines say so); {@code period} is the service period it pays for, {@code proration} whether it
 * is a proration of a subscription change.
 */
public record InvoiceLine(
        String sourceLineId,
        String description,
        String priceRef,
        String productRef,
        BigDecimal quantity,
        Money unitAmount,
        @Required Money amount,
        ServicePeriod period,
        Boolean proration,
        String subscriptionItemRef,
        List<TaxLine> taxes) {

    public InvoiceLine {
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }
}
