package io.finbridge.canonical;

import java.math.BigDecimal;

/**
 * An amendment of a subscription: from one plan and quantity to another, effective over a service period, with the
 * proration the billing system charged or credited for it.
 */
public record SubscriptionChange(
        @Required Origin origin,
        @Required String subscriptionRef,
        @Required SubscriptionChangeKind kind,
        ServicePeriod effectivePeriod,
        String fromPlan,
        String toPlan,
        BigDecimal fromQuantity,
        BigDecimal toQuantity,
        Money proration) implements CanonicalRecord {
}
