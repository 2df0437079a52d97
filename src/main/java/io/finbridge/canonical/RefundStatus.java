package io.finbridge.canonical;

/** Where a refund is: only SUCCEEDED gave money back. */
public enum RefundStatus {
    PENDING,
    REQUIRES_ACTION,
    SUCCEEDED,
    FAILED,
    CANCELED
}
