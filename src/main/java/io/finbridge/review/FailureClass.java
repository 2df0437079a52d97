package io.finbridge.review;

import java.util.Locale;

/** Who can fix an exception: operations (technical), finance (business rule), or whoever owns the source data. */
public enum FailureClass {
    /** Credentials, configuration, a bug, or retries exhausted: an engineer looks. */
    TECHNICAL,
    /** Odoo refused it on business grounds (validation, locked period, missing record): finance decides. */
    BUSINESS_RULE,
    /** The source event violates its mapping (a required field missing, a bad value): fix the data, then replay. */
    DATA_QUALITY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureClass parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
