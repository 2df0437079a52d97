package io.finbridge.canonical;

import java.util.List;

/**
 * A record whose totals must add up (lines to subtotal, subtotal and tax to total, gross minus fee to net). The
 * mapping engine refuses a record that does not tie out, naming the total that is off.
 */
public interface TiesOut {

    /** Empty when the totals tie out; otherwise one entry per total that does not. */
    List<Imbalance> imbalances();

    /** A total that does not equal what its parts add up to. */
    record Imbalance(String field, Money expected, Money actual, String rule) {
        public String describe() {
            return field + " is " + actual + " but " + rule + " gives " + expected;
        }
    }
}
