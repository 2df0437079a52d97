package io.finbridge.revenue;

/** Where a recognition entry (one entity, currency and period) is. */
public enum RunStatus {
    /** A dry run computed it; nothing was sent. */
    PREVIEWED,
    /** An instance is sending it to Odoo. */
    POSTING,
    /** Posted in Odoo: a later run of the period posts nothing for it. */
    POSTED,
    /** The period is locked in Odoo: reported, never forced, nothing sent. */
    LOCKED,
    /** Sending failed; the next run of the period tries again. */
    FAILED
}
