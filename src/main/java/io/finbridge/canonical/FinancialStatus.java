package io.finbridge.canonical;

/** How far an order has been paid. */
public enum FinancialStatus {
    PENDING,
    AUTHORIZED,
    PARTIALLY_PAID,
    PAID,
    PARTIALLY_REFUNDED,
    REFUNDED,
    VOIDED,
    EXPIRED
}
