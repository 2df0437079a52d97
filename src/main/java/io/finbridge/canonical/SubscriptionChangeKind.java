package io.finbridge.canonical;

/** What a subscription change does. */
public enum SubscriptionChangeKind {
    NEW,
    UPGRADE,
    DOWNGRADE,
    QUANTITY,
    RENEWAL,
    PAUSE,
    RESUME,
    CANCELLATION
}
