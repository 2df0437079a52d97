package io.finbridge.canonical;

/** Where a subscription is in its life. */
public enum SubscriptionStatus {
    INCOMPLETE,
    INCOMPLETE_EXPIRED,
    TRIALING,
    ACTIVE,
    PAST_DUE,
    UNPAID,
    PAUSED,
    CANCELED
}
