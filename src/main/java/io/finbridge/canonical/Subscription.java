package io.finbridge.canonical;

import java.time.Instant;
import java.util.List;

/** A customer's subscription as the billing system holds it. */
public record Subscription(
        @Required Origin origin,
        @Required String customerRef,
        @Required SubscriptionStatus status,
        @Required String currency,
        List<SubscriptionItem> items,
        ServicePeriod currentPeriod,
        Instant startedAt,
        Instant canceledAt,
        Boolean cancelAtPeriodEnd,
        String collectionMethod,
        String latestInvoiceRef) implements CanonicalRecord {

    public Subscription {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
