package io.finbridge.canonical;

import java.math.BigDecimal;

/** What a subscription bills for: a plan (price) at a quantity, every {@code intervalCount} {@code interval}s. */
public record SubscriptionItem(
        String sourceItemId,
        @Required String priceRef,
        String productRef,
        String plan,
        @Required BigDecimal quantity,
        Money unitAmount,
        String interval,
        Integer intervalCount,
        ServicePeriod currentPeriod) {
}
