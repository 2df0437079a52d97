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
    ROUNDING,
    /** Disputed payments: what a dispute took out of the provider's balance until it is won or lost. */
    DISPUTES,
    /** The provider's other adjustments to its balance (credits, corrections). */
    ADJUSTMENTS,
    /** Money on its way to the bank: the bank journal's outstanding receipts account, matched by the bank line. */
    OUTSTANDING_RECEIPTS,
    /**
     * Gift cards sold and not yet redeemed (a liability, not revenue): a payment by gift card debits it. It is the
     * account of the entity's gift-card journal's payment method, which the payments flow checks.
     */
    GIFT_CARDS,
    /** Disputes lost: the disputed amount written off out of the disputes account. */
    DISPUTE_LOSSES;

    /** The key in accounts.yaml: {@code deferred-revenue}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<AccountRole> byKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
    }
}
