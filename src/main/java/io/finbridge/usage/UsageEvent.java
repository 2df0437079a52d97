package io.finbridge.usage;

import java.math.BigDecimal;
import java.time.Instant;

/** One metered quantity: {@code key} is the sender's idempotency key, {@code timestamp} when the usage happened. */
public record UsageEvent(String key, String customer, String meter, BigDecimal quantity, Instant timestamp) {
}
