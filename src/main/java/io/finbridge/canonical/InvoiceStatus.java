package io.finbridge.canonical;

/** Where an invoice is in its life. */
public enum InvoiceStatus {
    DRAFT,
    OPEN,
    PAID,
    VOID,
    UNCOLLECTIBLE
}
