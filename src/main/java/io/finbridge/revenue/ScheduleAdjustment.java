package io.finbridge.revenue;

import io.finbridge.canonical.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A change to a deferred line after it was billed: a credit note or refund ({@code change} is what it does to the
 * line, negative for a positive line), or a cancellation ({@code change} null). {@code effective} is the first day
 * it applies to; {@code sourceRef} names it at its source, so recording it again changes nothing.
 */
public record ScheduleAdjustment(Kind kind, String sourceRef, Money change, LocalDate effective) {

    public enum Kind {
        CREDIT_NOTE,
        REFUND,
        CANCELLATION
    }

    public ScheduleAdjustment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effective, "effective");
        if (sourceRef == null || sourceRef.isBlank()) {
            throw new IllegalArgumentException("an adjustment needs the reference of its credit note, refund or cancellation");
        }
        if (kind == Kind.CANCELLATION ? change != null : change == null) {
            throw new IllegalArgumentException(kind == Kind.CANCELLATION ? "a cancellation carries no amount"
                    : "a " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " needs an amount");
        }
    }

    /**
     * A credit note or refund of {@code credited} (as the source states it, a positive amount) against a line of
     * {@code lineAmount}: it reduces the line, so its change has the line's opposite sign.
     */
    public static ScheduleAdjustment credit(Kind kind, String sourceRef, Money credited, Money lineAmount, LocalDate effective) {
        Money magnitude = credited.abs();
        return new ScheduleAdjustment(kind, sourceRef, lineAmount.isNegative() ? magnitude : magnitude.negate(), effective);
    }

    public static ScheduleAdjustment cancellation(String sourceRef, LocalDate effective) {
        return new ScheduleAdjustment(Kind.CANCELLATION, sourceRef, null, effective);
    }

    public boolean isCancellation() {
        return kind == Kind.CANCELLATION;
    }
}
