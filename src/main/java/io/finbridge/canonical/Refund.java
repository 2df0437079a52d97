package io.finbridge.canonical;

import java.util.List;

/**
 * Money given back to a customer: {@code amount} is what was actually refunded; {@code lines},
 * {@code shippingRefund} and {@code adjustments} say what for, when the source says so.
 */
public record Refund(
        @Required Origin origin,
        @Required Money amount,
        RefundStatus status,
        String paymentRef,
        String orderRef,
        String reason,
        List<RefundLine> lines,
        Money shippingRefund,
        String balanceTransactionRef,
        List<RefundAdjustment> adjustments) implements CanonicalRecord {

    public Refund {
        lines = lines == null ? List.of() : List.copyOf(lines);
        adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
    }
}
