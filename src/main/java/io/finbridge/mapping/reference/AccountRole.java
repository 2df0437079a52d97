package io.finbridge.mapping.reference;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an entity books to: the roles every entity in {@code accounts.yaml} gives an account for. */
public enum AccountRole {
    RECEIVABLE,
    REVENUE,
    DEFERRED_REVENUE,
    CLEARING,
    FEES,
    REFUNDS,
    ROUNDING;

    /** The key in accounts.yaml: {@code deferred-revenue}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<AccountRole> byKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
    }
}
