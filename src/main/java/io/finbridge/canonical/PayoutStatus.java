package io.finbridge.canonical;

/** Where a payout to the bank is. */
public enum PayoutStatus {
    PENDING,
    IN_TRANSIT,
    PAID,
    FAILED,
    CANCELED
}
