package io.finbridge.usage;

import java.util.Locale;

/** Which figure of a period's events a meter is priced by (Stripe's aggregate_usage). */
public enum Aggregate {
    /** The quantities added up. */
    SUM,
    /** The largest quantity reported. */
    MAX,
    /** The quantity of the latest event. */
    LAST,
    /** The number of events. */
    COUNT;

    public static Aggregate of(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("aggregate '" + s + "' is not one of sum, max, last, count");
        }
    }
}
