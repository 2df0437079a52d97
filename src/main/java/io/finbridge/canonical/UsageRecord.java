package io.finbridge.canonical;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A metered quantity at a moment, for a subscription item (Stripe's usage records) or for the batch's customer (a
 * metering source's events); {@code action} is {@code increment} or {@code set}.
 */
public record UsageRecord(String sourceId, String subscriptionItemRef, @Required BigDecimal quantity,
        @Required Instant timestamp, String action) {
}
