package io.finbridge.canonical;

import java.math.BigDecimal;
import java.time.Instant;

/** A metered quantity for a subscription item at a moment; {@code action} is {@code increment} or {@code set}. */
public record UsageRecord(String sourceId, @Required String subscriptionItemRef, @Required BigDecimal quantity,
        @Required Instant timestamp, String action) {
}
