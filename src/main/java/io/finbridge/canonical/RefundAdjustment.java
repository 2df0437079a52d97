package io.finbridge.canonical;

/**
 * An order adjustment a refund made (Shopify {@code order_adjustments}): {@code kind} {@code shipping_refund} (shipping
 * given back) or {@code refund_discrepancy} (refunded more or less than the lines came to). {@code amount} and
 * {@code tax} carry the source's sign: what the refund gave back is its lines less these (a shipping refund of 12.00
 * is {@code -12.00}).
 */
public record RefundAdjustment(String kind, @Required Money amount, Money tax, String reason) {
}
