package io.finbridge.canonical;

/** Where a payment is: only SUCCEEDED moves money. */
public enum PaymentStatus {
    PENDING,
    REQUIRES_ACTION,
    AUTHORIZED,
    SUCCEEDED,
    FAILED,
    CANCELED
}
