package io.finbridge.canonical;

/** A customer payment (a Stripe charge or payment intent, a Shopify transaction). */
public record Payment(
        @Required Origin origin,
        @Required Money amount,
        @Required PaymentStatus status,
        String customerRef,
        String orderRef,
        String invoiceRef,
        String paymentIntentRef,
        String balanceTransactionRef,
        String method,
        String description,
        Money amountCaptured,
        Money amountRefunded) implements CanonicalRecord {
}
