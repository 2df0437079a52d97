package io.finbridge.store;

import java.sql.Timestamp;

/** How values go into and come out of the store's columns, the same way everywhere. */
public final class Columns {

    private Columns() {
    }

    /** Fits text into a bounded column: longer text is cut and ends with an ellipsis. */
    public static String fit(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A timestamp column as ISO-8601 (UTC), null as null. */
    public static String iso(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
