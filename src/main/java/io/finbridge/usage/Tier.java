package io.finbridge.usage;

import java.math.BigDecimal;

/** One price tier: units up to {@code upTo} (inclusive; null for no limit) at {@code unitPrice}, plus an optional flat fee. */
public record Tier(BigDecimal upTo, BigDecimal unitPrice, BigDecimal flatFee) {
}
